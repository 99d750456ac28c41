package dev.agentplatform.mcp.capability;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The capabilities this service offers. Each capability has tools; each tool is an ordered chain of entries
 * (server, server tool, argument mapping, result normaliser, cost, expected latency), primary first.
 *
 * @param retryAfter what the {@code Retry-After} header of a 503 tells clients when every entry of a chain
 *     failed; whole seconds. Default 5 s.
 * @param breaker the circuit breaker kept for each server and tool.
 * @param latencyBudgetFactor an entry's latency budget is its expected latency times this: while its measured
 *     latency (moving average) is over budget, cheaper entries within theirs go first. Default 2.
 * @param catalog the capabilities by name. Default none.
 */
@ConfigurationProperties("platform.mcp.capabilities")
@Validated
public record CapabilityProperties(
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue @NotNull @Valid Breaker breaker,
        @DefaultValue("2") @Positive double latencyBudgetFactor,
        @DefaultValue Map<String, @Valid Capability> catalog) {

    /**
     * The breaker of one server's tool: it opens when at least {@code failureRatePercent} of the last
     * {@code window} calls failed (timeouts, transport errors, network errors the server reported), is skipped
     * while open, and lets one probe call through after {@code openFor}.
     *
     * @param window calls the failure rate is computed over; also the fewest calls before it can open. Default 5.
     * @param failureRatePercent failure rate that opens it, in percent. Default 50.
     * @param openFor how long it stays open before a probe call. Default 30 s.
     */
    public record Breaker(
            @DefaultValue("5") @PositiveOrZero int window,
            @DefaultValue("50") @PositiveOrZero float failureRatePercent,
            @DefaultValue("30s") @NotNull Duration openFor) {}

    /**
     * One capability.
     *
     * @param defaultTool the tool called when a request names none. Required; one of {@code tools}.
     * @param tools the capability's tools by the name callers use. Required.
     * @param defaultArguments arguments every call starts from; the caller's arguments replace them key by key.
     *     String values may use the {@code {workspace-dir}} and {@code {servers-dir}} placeholders. Default none.
     * @param pathRoot folder against which relative values of the {@code pathArguments} are made absolute, so
     *     callers may say {@code product-faq.md}; placeholders allowed. Default none (values pass unchanged).
     * @param pathArguments argument names holding paths, made absolute against {@code pathRoot}. Default
     *     {@code path}.
     */
    public record Capability(
            @NotBlank String defaultTool,
            @NotEmpty Map<String, @Valid Tool> tools,
            @DefaultValue Map<String, Object> defaultArguments,
            String pathRoot,
            @DefaultValue("path") List<String> pathArguments) {}

    /**
     * One tool of a capability.
     *
     * @param description what the tool does, for models; default: the primary server's description.
     * @param inputSchema the JSON schema of the tool's arguments as callers give them; default: the primary
     *     server's schema (right when the entries take the arguments unchanged).
     * @param readOnly whether the tool only reads, so that a failed call may be tried on the next entry; default:
     *     the primary server's {@code readOnlyHint} annotation, else {@code false} (no fallback after a call).
     * @param queryArgument the argument filled from the call's {@code query} (the prompt) when the caller gives
     *     none, e.g. {@code query} for a search. Default none.
     * @param chain the entries, primary first. Required.
     */
    public record Tool(
            String description,
            Map<String, Object> inputSchema,
            Boolean readOnly,
            String queryArgument,
            @NotEmpty List<@Valid Entry> chain) {}

    /**
     * One entry of a tool's chain.
     *
     * @param server the MCP server, as named under {@code platform.mcp.servers.stdio}. Required.
     * @param tool the server's tool; default: the capability tool's name.
     * @param arguments the server tool's arguments made from the caller's: each value is either {@code "{name}"},
     *     the caller's argument {@code name} (left out when the caller gave none), or a literal. Default empty:
     *     the caller's arguments unchanged.
     * @param normaliser how the server's answer is turned into the capability's result. Default {@code text}.
     * @param costPerCallUsd the price of one call in US dollars. Default 0.
     * @param expectedLatency how long a call usually takes; shown beside the measured latency. Default 1 s.
     */
    public record Entry(
            @NotBlank String server,
            String tool,
            @DefaultValue Map<String, Object> arguments,
            @DefaultValue("text") @NotNull Normaliser normaliser,
            @DefaultValue("0") @NotNull @PositiveOrZero BigDecimal costPerCallUsd,
            @DefaultValue("1s") @NotNull Duration expectedLatency) {

        /** The server tool this entry calls for capability tool {@code capabilityTool}. */
        String serverTool(String capabilityTool) {
            return tool == null || tool.isBlank() ? capabilityTool : tool;
        }
    }
}
