package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The configured agent catalog: the whole definition of each agent the registry is seeded with on
 * its first start, and the only place the platform's configuration describes an agent. A map rather
 * than a list so that one agent's field can be overridden from the environment (e.g. {@code
 * PLATFORM_ROUTER_AGENTS_PYTHON_TIER=quality}) without restating the rest.
 *
 * @param agents agents by name; the shipped catalog in {@code application.yml} holds the seed's nine
 * @param seed whether to create these agents in an empty registry on the first start; default true
 */
@Validated
@ConfigurationProperties("platform.router")
public record AgentCatalogProperties(
        @NotEmpty Map<String, @Valid ConfiguredAgent> agents,
        @DefaultValue("true") boolean seed) {

    /** The catalog as agent definitions, in configuration order. */
    public List<AgentDefinition> toAgents() {
        List<AgentDefinition> list = new ArrayList<>();
        agents.forEach((name, d) -> list.add(new AgentDefinition(
                name,
                d.team(),
                d.description(),
                d.keywords(),
                d.examples(),
                d.systemPrompt(),
                d.provider(),
                d.fallbackProviders(),
                d.capabilities(),
                d.tier(),
                d.expectedLatencyMs())));
        return list;
    }

    /**
     * One agent as configured: {@link AgentDefinition}'s fields but the name, which is the map key.
     *
     * @param team the team it belongs to; no default
     * @param description what it is good at, in a sentence; its words also count when classifying
     * @param keywords words or short phrases that signal a prompt for it; no default
     * @param examples prompts it should answer; default none
     * @param systemPrompt the system message of its model calls; default one made of its name, team
     *     and description
     * @param provider the provider catalog entry it calls first; default none (its tier's chain)
     * @param fallbackProviders entries tried after {@code provider}, in order; default none
     * @param capabilities MCP capabilities it uses; default none
     * @param tier free, cheap, quality or premium; default cheap
     * @param expectedLatencyMs typical answer time in milliseconds; default 2000
     */
    public record ConfiguredAgent(
            @NotBlank String team,
            @NotBlank String description,
            @NotEmpty List<@NotBlank String> keywords,
            @Size(max = 20) List<@NotBlank String> examples,
            String systemPrompt,
            String provider,
            @Size(max = 5) List<@NotBlank String> fallbackProviders,
            @Size(max = 10) List<@NotBlank String> capabilities,
            @DefaultValue("cheap") ModelTier tier,
            @DefaultValue("2000") @PositiveOrZero long expectedLatencyMs) {}
}
