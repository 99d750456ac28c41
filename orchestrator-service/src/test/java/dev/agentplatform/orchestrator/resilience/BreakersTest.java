package dev.agentplatform.orchestrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Breakers breakers = new Breakers(
            new ResilienceProperties(
                    5,
                    Duration.ofMillis(200),
                    1,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    2,
                    Duration.ofMillis(1),
                    2.0,
                    Duration.ZERO),
            meters);

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(1, TimeUnit.MILLISECONDS, new RuntimeException("down"));
        }
    }

    private static void succeed(CircuitBreaker breaker) {
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
    }

    @Test
    void opensAfterFiveConsecutiveFailures() {
        CircuitBreaker breaker = breakers.agent("python");

        fail(breaker, 4);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(breaker, 1);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breakers.healthy("python")).isFalse();
    }

    @Test
    void staysClosedWhenASuccessBreaksTheRun() {
        CircuitBreaker breaker = breakers.agent("rust");

        fail(breaker, 4);
        succeed(breaker);
        fail(breaker, 4);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void closesAgainAfterTheOpenPeriodWhenTheProbeSucceeds() {
        CircuitBreaker breaker = breakers.agent("sql");
        fail(breaker, 5);

        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        succeed(breaker);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.healthy("sql")).isTrue();
    }

    @Test
    void exportsTheStateOfEachAgentAsAGauge() {
        breakers.export("viz");
        fail(breakers.agent("viz"), 5);

        assertThat(meters.get("circuit.breaker.state")
                        .tags("agent", "viz", "state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(meters.get("circuit.breaker.state")
                        .tags("agent", "viz", "state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(0.0);
    }
}
