package dev.agentplatform.orchestrator.tool;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Function calling with a real LLM.
 *
 * @param maxRounds the most rounds of tool calls one answer may make; the model call after the last
 *     round offers no tools, so the model has to answer. 0 turns function calling off (capabilities
 *     are then called once before the model, as with the simulated provider). Default 4.
 * @param specsTtl how long the tool list of a capability is reused before it is read again from
 *     mcp-service. Default 5 min.
 * @param guardResults whether every tool result is checked by the injection guard (platform-guard)
 *     before a model reads it; one judged an injection is withheld and replaced by a notice. Default
 *     true.
 * @param guardThreshold the guard classifier's score, 0 to 1, at or above which a tool result counts
 *     as an injection (known phrasings always do). Default 0.5, as at the gateway.
 */
@ConfigurationProperties("platform.orchestrator.tools")
@Validated
public record ToolsProperties(
        @DefaultValue("4") @Min(0) int maxRounds,
        @DefaultValue("5m") @NotNull Duration specsTtl,
        @DefaultValue("true") boolean guardResults,

        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0")
        double guardThreshold) {}
