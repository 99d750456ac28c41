package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import java.util.List;

/** Agent definitions for tests that care about routing fields only: no prompt, provider or capabilities. */
public final class TestAgents {

    private TestAgents() {}

    public static AgentDefinition agent(
            String name, String team, String description, List<String> keywords, int rank, long latencyMs) {
        return agent(name, team, description, keywords, List.of(), rank, latencyMs);
    }

    public static AgentDefinition agent(
            String name,
            String team,
            String description,
            List<String> keywords,
            List<String> examples,
            int rank,
            long latencyMs) {
        return new AgentDefinition(
                name,
                team,
                description,
                keywords,
                examples,
                null,
                null,
                List.of(),
                List.of(),
                ModelTier.ofRank(rank),
                latencyMs);
    }
}
