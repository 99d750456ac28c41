package dev.agentplatform.mcp.capability;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The capabilities this service offers.
 *
 * @param retryAfter what the {@code Retry-After} header of a 503 tells clients when every server of a
 *     capability failed; whole seconds. Default 5 s.
 * @param catalog the capabilities by name. Default none.
 */
@ConfigurationProperties("platform.mcp.capabilities")
@Validated
public record CapabilityProperties(
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue Map<String, @Valid Capability> catalog) {

    /**
     * One capability.
     *
     * @param servers names of the MCP servers to try, primary first, then the fallbacks in order. Required.
     * @param defaultTool the tool called when a request names none. Required.
     * @param tools the tools callers may use; empty allows every tool the servers offer. Default empty.
     * @param defaultArguments arguments every call starts from; the caller's arguments replace them key by key.
     *     String values may use the {@code {workspace-dir}} and {@code {servers-dir}} placeholders. Default none.
     * @param pathRoot folder against which relative values of the {@code pathArguments} are made absolute, so
     *     callers may say {@code product-faq.md}; placeholders allowed. Default none (values pass unchanged).
     * @param pathArguments argument names holding paths, made absolute against {@code pathRoot}. Default
     *     {@code path}.
     * @param costPerCallUsd the price of one tool call in US dollars. Default 0.
     * @param queryNumberArguments arguments filled, in order, from the numbers in the call's {@code query} when
     *     neither the caller nor the defaults give them (e.g. {@code [a, b]} for a sum). Default none.
     */
    public record Capability(
            @NotEmpty List<@NotBlank String> servers,
            @NotBlank String defaultTool,
            @DefaultValue List<String> tools,
            @DefaultValue Map<String, Object> defaultArguments,
            String pathRoot,
            @DefaultValue("path") List<String> pathArguments,
            @DefaultValue("0") @NotNull @PositiveOrZero BigDecimal costPerCallUsd,
            @DefaultValue List<String> queryNumberArguments) {}
}
