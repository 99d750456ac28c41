package dev.agentplatform.orchestrator.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The agent catalog, bound from {@code platform.orchestrator.agents.<name>}.
 *
 * @param agents the agents by name; empty by default, {@code application.yml} lists the seed's nine
 */
@ConfigurationProperties("platform.orchestrator")
@Validated
record AgentCatalogProperties(@DefaultValue Map<String, @Valid AgentSettings> agents) {

    /**
     * One agent.
     *
     * @param team the agent's team ({@code code}, {@code research}, {@code data}, ...); required
     * @param systemPrompt the system message every call of this agent starts with; required
     * @param provider the provider catalog entry it calls ({@code platform.orchestrator.providers.<name>}); default {@code simulated}
     * @param capabilities MCP capabilities the agent uses, e.g. {@code filesystem}: called once per answer with the
     *     simulated provider, offered as tools to a real model; default none
     * @param simulated how the simulated provider behaves for this agent
     * @param fallbackProviders providers tried in order when {@code provider} cannot answer; default none
     */
    record AgentSettings(
            @NotBlank String team,
            @NotBlank String systemPrompt,
            @DefaultValue("simulated") @NotBlank String provider,
            @DefaultValue List<@NotBlank String> capabilities,
            @DefaultValue @Valid SimulatedSettings simulated,
            @DefaultValue List<@NotBlank String> fallbackProviders) {}

    /**
     * The simulated provider's behaviour for one agent.
     *
     * @param latencyMs how long a simulated call takes, in milliseconds; default 0
     * @param failureRate the share of calls that fail, 0.0 to 1.0; default 0.0
     */
    record SimulatedSettings(
            @DefaultValue("0") @PositiveOrZero long latencyMs,

            @DefaultValue("0.0") @DecimalMin("0.0") @DecimalMax("1.0")
            double failureRate) {}
}
