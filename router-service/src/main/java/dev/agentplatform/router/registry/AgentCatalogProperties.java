package dev.agentplatform.router.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The agent catalog. A map rather than a list so that one agent's field can be overridden from the
 * environment (e.g. {@code PLATFORM_ROUTER_AGENTS_PYTHON_COSTTIER=3}) without restating the rest.
 *
 * @param agents agents by name; the shipped catalog in {@code application.yml} holds the seed's nine
 */
@Validated
@ConfigurationProperties("platform.router")
public record AgentCatalogProperties(@NotEmpty Map<String, @Valid AgentDefinition> agents) {

    /**
     * One agent as configured.
     *
     * @param team the team it belongs to; no default
     * @param description what it is good at, in a sentence; its words also count when classifying
     * @param keywords words or short phrases that signal a prompt for it; no default
     * @param costTier relative price from 1 (cheapest) to 4; no default
     * @param avgLatencyMs typical answer time in milliseconds; no default
     */
    public record AgentDefinition(
            @NotBlank String team,
            @NotBlank String description,
            @NotEmpty List<@NotBlank String> keywords,
            @Min(1) @Max(4) int costTier,
            @PositiveOrZero long avgLatencyMs) {}
}
