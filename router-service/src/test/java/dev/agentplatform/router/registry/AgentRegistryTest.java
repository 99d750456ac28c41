package dev.agentplatform.router.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.AgentDefinition;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {

    private final AgentRegistry registry = ShippedCatalog.registry();

    @Test
    void shipsTheSeedsNineAgentsInThreeTeams() {
        assertThat(registry.all())
                .extracting(AgentDefinition::name)
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
                .extracting(AgentDefinition::name)
                .containsExactly("web_search", "pdf_reader", "summarizer");
    }

    @Test
    void everyAgentHasDescriptionKeywordsSystemPromptTierAndLatency() {
        assertThat(registry.all()).allSatisfy(agent -> {
            assertThat(agent.description()).isNotBlank();
            assertThat(agent.keywords()).isNotEmpty();
            assertThat(agent.systemPrompt()).isNotBlank();
            assertThat(agent.tier()).isNotNull();
            assertThat(agent.provider()).isNull();
            assertThat(agent.expectedLatencyMs()).isPositive();
        });
    }

    @Test
    void findsByNameAndKnowsNoStrangers() {
        assertThat(registry.find("sql")).get().extracting(AgentDefinition::team).isEqualTo("data");
        assertThat(registry.find("cobol")).isEmpty();
        assertThat(registry.team("finance")).isEmpty();
    }
}
