package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * A prompt to answer, as the native API ({@code POST /v1/tasks}) takes it and as the gateway
 * passes an OpenAI chat completion downstream.
 *
 * @param prompt the text to answer (for a chat completion: the last user message)
 * @param userId the caller; the gateway sets it from the API key
 * @param conversationId groups exchanges for memory; {@code null} for a one-off prompt
 * @param strategy an explicit strategy that overrides the router's choice, or {@code null}
 * @param agents explicit agents that override the router's choice, or {@code null}
 * @param async {@code true} to answer 202 at once and run the task in the background
 * @param maxCostUsd the most the caller will spend on this task, or {@code null} for no cap
 * @param messages the earlier messages of an OpenAI request (system and history), or {@code null}
 * @param model the OpenAI {@code model} field: {@code auto}, an agent name or a team
 * @param guard the gateway's injection guard verdicts on the messages it did not simply allow
 *     (flagged ones; blocked requests never get here), empty when every message passed, absent when
 *     no gateway checked the task; the gateway always overwrites what a client sends here
 * @param parameters how the model should answer (sampling, length, format, client tools), or
 *     {@code null} for the provider's defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRequest(
        @NotBlank @Size(max = 100_000) String prompt,
        @Size(max = 200) String userId,
        @Size(max = 200) String conversationId,
        Strategy strategy,
        @Size(max = 10) List<@NotBlank String> agents,
        // explicit, so that the @JsonIgnore on isAsync() drops only that helper and not the property
        @JsonProperty("async") Boolean async,
        @PositiveOrZero BigDecimal maxCostUsd,
        @Valid @Size(max = 500) List<ChatMessage> messages,
        @Size(max = 200) String model,
        @Valid @Size(max = 501) List<MessageVerdict> guard,
        @Valid ModelParameters parameters) {

    /** A request with the provider's default parameters. */
    public TaskRequest(
            String prompt,
            String userId,
            String conversationId,
            Strategy strategy,
            List<String> agents,
            Boolean async,
            BigDecimal maxCostUsd,
            List<ChatMessage> messages,
            String model,
            List<MessageVerdict> guard) {
        this(prompt, userId, conversationId, strategy, agents, async, maxCostUsd, messages, model, guard, null);
    }

    /** A request no guard has looked at yet. */
    public TaskRequest(
            String prompt,
            String userId,
            String conversationId,
            Strategy strategy,
            List<String> agents,
            Boolean async,
            BigDecimal maxCostUsd,
            List<ChatMessage> messages,
            String model) {
        this(prompt, userId, conversationId, strategy, agents, async, maxCostUsd, messages, model, null, null);
    }

    /** A plain prompt with no overrides. */
    public static TaskRequest of(String prompt, String userId, String conversationId) {
        return new TaskRequest(prompt, userId, conversationId, null, null, null, null, null, null);
    }

    /** The same request on behalf of {@code userId}. */
    public TaskRequest withUserId(String userId) {
        return new TaskRequest(
                prompt,
                userId,
                conversationId,
                strategy,
                agents,
                async,
                maxCostUsd,
                messages,
                model,
                guard,
                parameters);
    }

    /** The same request with the guard's verdicts in place of any it carried. */
    public TaskRequest withGuard(List<MessageVerdict> guard) {
        return new TaskRequest(
                prompt,
                userId,
                conversationId,
                strategy,
                agents,
                async,
                maxCostUsd,
                messages,
                model,
                guard == null ? null : List.copyOf(guard),
                parameters);
    }

    /** The parameters, never {@code null}. */
    @JsonIgnore
    public ModelParameters effectiveParameters() {
        return parameters == null ? ModelParameters.DEFAULTS : parameters;
    }

    /** Whether the guard flagged any message of this request. */
    @JsonIgnore
    public boolean isFlagged() {
        return guard != null && guard.stream().anyMatch(v -> v != null && v.action() == MessageVerdict.Action.FLAG);
    }

    /** Whether the caller asked for background execution. */
    @JsonIgnore
    public boolean isAsync() {
        return Boolean.TRUE.equals(async);
    }
}
