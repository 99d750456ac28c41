package dev.agentplatform.mcp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.transport.ServerParameters;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class ExitAwareStdioTransportTest {

    @Test
    void aCallThatEndedNoLongerWaitsOnTheExit() {
        ExitAwareStdioTransport transport = new ExitAwareStdioTransport(
                "idle", ServerParameters.builder("true").build());

        for (int i = 0; i < 1_000; i++) {
            // answered on another thread, so the call waits on the exit before its answer arrives
            String answer = transport
                    .untilExit(Mono.just("answer " + i).publishOn(Schedulers.single()))
                    .block(Duration.ofSeconds(5));
            assertThat(answer).isEqualTo("answer " + i);
        }

        assertThat(transport.exitWatchers()).isZero();
        assertThat(transport.hasExited()).isFalse();
    }

    @Test
    void aWaitingCallFailsWhenTheProcessExitsAndLaterCallsFailAtOnce() throws InterruptedException {
        ExitAwareStdioTransport transport = new ExitAwareStdioTransport(
                "short-lived",
                ServerParameters.builder("sh").args("-c", "sleep 0.3").build());
        CountDownLatch gone = new CountDownLatch(1);
        transport.connect(message -> message).block(Duration.ofSeconds(5));
        transport.whenGone(gone::countDown);

        assertThatThrownBy(() -> transport.untilExit(Mono.never()).block(Duration.ofSeconds(10)))
                .isInstanceOf(ExitAwareStdioTransport.ServerExitedException.class)
                .hasMessageContaining("short-lived");
        assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(transport.hasExited()).isTrue();
        assertThatThrownBy(() -> transport.untilExit(Mono.never()).block(Duration.ofSeconds(1)))
                .isInstanceOf(ExitAwareStdioTransport.ServerExitedException.class);
        assertThat(transport.exitWatchers()).isZero();
        transport.closeGracefully().block(Duration.ofSeconds(5));
    }
}
