package dev.agentplatform.router.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.registry.TestAgents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSelectorTest {

    private static final AgentDefinition PREMIUM = TestAgents.agent("premium", "code", "d", List.of("k"), 4, 1000);
    private static final AgentDefinition CHEAP = TestAgents.agent("cheap", "code", "d", List.of("k"), 1, 1000);
    private static final List<AgentSelector.Candidate> CANDIDATES =
            List.of(new AgentSelector.Candidate(PREMIUM, 0.6), new AgentSelector.Candidate(CHEAP, 0.4));

    @Test
    void theBetterFittingAgentLeadsWhileTheBudgetIsFine() {
        assertThat(new AgentSelector(SelectionProperties.defaults())
                        .order("code", CANDIDATES, Map.of(), 0.8, 0)
                        .get(0))
                .isEqualTo(PREMIUM);
    }

    @Test
    void theCheaperAgentLeadsWhenTheBudgetRunsOut() {
        assertThat(new AgentSelector(SelectionProperties.defaults())
                        .order("code", CANDIDATES, Map.of(), 0.8, 1.0)
                        .get(0))
                .isEqualTo(CHEAP);
    }

    @Test
    void aFailingAgentLosesTheSlotAndTheIncumbentKeepsItAgainstNoise() {
        AgentSelector selector = new AgentSelector(SelectionProperties.defaults());
        assertThat(selector.order("code", CANDIDATES, Map.of(), 0.8, 0).get(0)).isEqualTo(PREMIUM);

        // a slightly worse rate is within the hysteresis: no change
        Map<String, AgentStats> slightlyWorse = Map.of("premium", new AgentStats(0.72, 40, 1000));
        assertThat(selector.order("code", CANDIDATES, slightlyWorse, 0.8, 0).get(0))
                .isEqualTo(PREMIUM);
        assertThat(selector.isPrimary("premium")).isTrue();

        Map<String, AgentStats> failing = Map.of("premium", new AgentStats(0.3, 50, 1000));
        assertThat(selector.order("code", CANDIDATES, failing, 0.8, 0).get(0)).isEqualTo(CHEAP);
        assertThat(selector.isPrimary("cheap")).isTrue();
    }
}
