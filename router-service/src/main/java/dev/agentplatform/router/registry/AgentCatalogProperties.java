package dev.agentplatform.router.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * The configured agent catalog: what the registry is seeded with on its first start. A map rather
 * than a list so that one agent's field can be overridden from the environment (e.g. {@code
 * PLATFORM_ROUTER_AGENTS_PYTHON_COSTTIER=3}) without restating the rest.
 *
 * @param agents agents by name; the shipped catalog in {@code application.yml} holds the seed's nine
 * @param seed whether to create these agents in an empty registry on the first start; default true
 */
@Validated
@ConfigurationProperties("platform.router")
public record AgentCatalogProperties(
        @NotEmpty Map<String, @Valid AgentDefinition> agents,
        @DefaultValue("true") boolean seed) {

    /** The catalog as agents, in configuration order. */
    public List<Agent> toAgents() {
        List<Agent> list = new ArrayList<>();
        agents.forEach((name, d) -> list.add(new Agent(
                name, d.team(), d.description(), d.keywords(), d.examples(), d.costTier(), d.avgLatencyMs())));
        return list;
    }

    /**
     * One agent as configured.
     *
     * @param team the team it belongs to; no default
     * @param description what it is good at, in a sentence; its words also count when classifying
     * @param keywords words or short phrases that signal a prompt for it; no default
     * @param examples prompts it should answer; default none
     * @param costTier relative price from 1 (cheapest) to 4; no default
     * @param avgLatencyMs typical answer time in milliseconds; no default
     */
    public record AgentDefinition(
            @NotBlank String team,
            @NotBlank String description,
            @NotEmpty List<@NotBlank String> keywords,
            @Size(max = 20) List<@NotBlank String> examples,
            @Min(1) @Max(4) int costTier,
            @PositiveOrZero long avgLatencyMs) {

        public AgentDefinition {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }
}
