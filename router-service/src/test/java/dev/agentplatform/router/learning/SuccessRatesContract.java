package dev.agentplatform.router.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentplatform.common.OutcomeRecorded;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link SuccessRates} adapter must do; the Redis script and the Java arithmetic agree. */
abstract class SuccessRatesContract {

    protected final LearningProperties properties = LearningProperties.defaults();

    /** A fresh, empty adapter. */
    protected abstract SuccessRates rates();

    @Test
    void appliesOutcomesWithTheSameArithmeticAsAgentStats() {
        SuccessRates rates = rates();
        AgentStats expected = AgentStats.coldStart(properties.prior());
        boolean[] outcomes = {true, false, false, true, true, true, false, true, true, true, false, true};
        AgentStats returned = null;
        for (int i = 0; i < outcomes.length; i++) {
            returned = rates.apply(outcome("alpha", outcomes[i], 100 + i * 10)).orElseThrow();
            expected = expected.observe(outcomes[i], 100 + i * 10, properties.alpha(), properties.priorWeight());
        }

        AgentStats actual = rates.read(List.of("alpha")).get("alpha");
        assertThat(actual.observations()).isEqualTo(outcomes.length);
        assertThat(actual.successRate()).isCloseTo(expected.successRate(), within(1e-9));
        assertThat(actual.latencyMs()).isCloseTo(expected.latencyMs(), within(1e-6));
        // what apply returns is what a read finds after it
        assertThat(returned.observations()).isEqualTo(actual.observations());
        assertThat(returned.successRate()).isCloseTo(actual.successRate(), within(1e-9));
        assertThat(returned.latencyMs()).isCloseTo(actual.latencyMs(), within(1e-6));
    }

    @Test
    void anEventIdCountsOnce() {
        SuccessRates rates = rates();
        OutcomeRecorded outcome = outcome("beta", false, 50);

        assertThat(rates.apply(outcome)).isPresent();
        assertThat(rates.apply(outcome)).isEmpty();
        assertThat(rates.read(List.of("beta")).get("beta").observations()).isEqualTo(1);
    }

    @Test
    void unknownAgentsAreAbsentAndRestoreNeverOverwrites() {
        SuccessRates rates = rates();
        assertThat(rates.read(List.of("gamma"))).isEmpty();

        rates.restore("gamma", new AgentStats(0.5, 20, 300));
        rates.restore("gamma", new AgentStats(0.9, 99, 1));

        AgentStats restored = rates.read(List.of("gamma")).get("gamma");
        assertThat(restored.successRate()).isEqualTo(0.5);
        assertThat(restored.observations()).isEqualTo(20);
    }

    private static OutcomeRecorded outcome(String agent, boolean success, long latency) {
        return new OutcomeRecorded(UUID.randomUUID().toString(), "t", agent, success, latency, null, Instant.EPOCH);
    }
}
