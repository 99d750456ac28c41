package dev.agentplatform.orchestrator.agent;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the orchestrator keeps its copy of the registry's agent definitions current, from
 * {@code platform.orchestrator.registry}.
 *
 * @param poll how often the registry is asked whether it changed (an unchanged one answers 304);
 *     default 1 s, so a change reaches every instance within a second
 * @param missRefresh the shortest time between two refreshes caused by an agent the copy does not
 *     know yet (one registered a moment ago); default 200 ms
 */
@ConfigurationProperties("platform.orchestrator.registry")
@Validated
record AgentCatalogProperties(
        @DefaultValue("1s") @NotNull Duration poll,
        @DefaultValue("200ms") @NotNull Duration missRefresh) {}
