package dev.agentplatform.router.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentRegistryTest {

    private final AgentRegistry registry = ShippedCatalog.registry();

    @Test
    void shipsTheSeedsNineAgentsInThreeTeams() {
        assertThat(registry.all())
                .extracting(Agent::name)
                .containsExactly(
                        "python",
                        "javascript",
                        "rust",
                        "web_search",
                        "pdf_reader",
                        "summarizer",
                        "sql",
                        "analytics",
                        "viz");
        assertThat(registry.teams()).containsExactly("code", "research", "data");
        assertThat(registry.team("research"))
                .extracting(Agent::name)
                .containsExactly("web_search", "pdf_reader", "summarizer");
    }

    @Test
    void everyAgentHasDescriptionKeywordsCostTierAndLatency() {
        assertThat(registry.all()).allSatisfy(agent -> {
            assertThat(agent.description()).isNotBlank();
            assertThat(agent.keywords()).isNotEmpty();
            assertThat(agent.costTier()).isBetween(1, 4);
            assertThat(agent.avgLatencyMs()).isPositive();
        });
    }

    @Test
    void findsByNameAndKnowsNoStrangers() {
        assertThat(registry.find("sql")).get().extracting(Agent::team).isEqualTo("data");
        assertThat(registry.find("cobol")).isEmpty();
        assertThat(registry.team("finance")).isEmpty();
    }
}
