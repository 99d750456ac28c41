package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ModelTier;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tasks run.
 *
 * @param budgetFailOpen whether a task runs when cost-service cannot answer the budget check
 *     ({@code true}, the default: an outage of the ledger should not stop answers) or is refused
 *     with 503
 * @param defaultTier the tier asked about when the caller sent no {@code X-User-Tier}; default {@code free}
 * @param retryAfter what a 503 tells the caller to wait before retrying; default 5 s
 * @param memoryWriters threads storing exchanges in memory-service off the response path; default 2
 * @param memoryWriteQueue exchanges waiting to be stored before new ones are dropped (and logged); default 1000
 * @param parallelDeadline PARALLEL: how long the agents together may take; the best answer in by then wins; default 10 s
 * @param parallelGrace PARALLEL: once the first answer is in, how much longer the others are waited
 *     for at least; default 100 ms
 * @param parallelGraceFactor PARALLEL: ... or this multiple of the time the first answer took, if
 *     longer; default 0.5
 * @param parallelMaxAgents PARALLEL: the most agents run at once for one task; default 5
 * @param agentThreads threads running PARALLEL agents across all tasks (a bounded pool); default 256.
 *     They spend their time waiting for a provider: with a 1.2 s model at 100 requests a second
 *     (bench/e2e scenario 3) PARALLEL tasks kept all 32 busy with more queued behind them
 * @param agentQueue PARALLEL agents waiting for a thread before further ones are refused; default 64
 * @param cascadeMaxAgents CASCADE: the most agents that draft and refine in turn; default 3
 * @param memoryContextTokens the token budget of what memory-service recalls for a task of a known
 *     conversation (its recent turns and what it remembers of the user that fits the prompt); default 1500
 * @param budgetCloseFraction when the budget left today is below this share of the daily limit,
 *     agents on cheaper tiers go first; default 0.1
 * @param toolHoldUsd what a budget holds for each capability call an agent makes before its model
 *     answers, until the call's own cost is known; default 0.001 US dollars
 * @param toolHoldTokens the prompt tokens a budget holds for each capability's output; default 2000
 * @param budgetTierCaps the most expensive tier a request may use once what is left of its budget today
 *     falls below a share of the daily limit: each tier with its share; the cheapest tier whose share
 *     is above what is left applies (an agent of a dearer tier calls that tier's chain, and cheaper
 *     ones after it, and the answer says so in {@code X-Cost-Downgraded}); default quality below 0.25,
 *     cheap below 0.10, free below 0.03; empty turns the policy off
 * @param budgetHoldWait how long a request whose hold is refused only for what other requests hold
 *     (the budget's spend leaves room for it) waits for those holds to settle before it is refused;
 *     default 2 s, 0 refuses at once
 * @param overloadInFlight beyond how many tasks executing at once on this instance a new task's
 *     agents are capped at {@code overloadTierCap}; default 150 (of Tomcat's 200 request threads), 0
 *     turns it off
 * @param overloadTierCap the most expensive tier a task started under overload may use; default free
 */
@ConfigurationProperties("platform.orchestrator.execution")
@Validated
record ExecutionProperties(
        @DefaultValue("true") boolean budgetFailOpen,
        @DefaultValue("free") @NotBlank String defaultTier,
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue("2") @Min(1) int memoryWriters,
        @DefaultValue("1000") @Min(1) int memoryWriteQueue,
        @DefaultValue("10s") @NotNull Duration parallelDeadline,
        @DefaultValue("100ms") @NotNull Duration parallelGrace,
        @DefaultValue("0.5") @DecimalMin("0.0") double parallelGraceFactor,
        @DefaultValue("5") @Min(1) int parallelMaxAgents,
        @DefaultValue("256") @Min(1) int agentThreads,
        @DefaultValue("64") @Min(0) int agentQueue,
        @DefaultValue("3") @Min(1) int cascadeMaxAgents,
        @DefaultValue("1500") @Min(1) int memoryContextTokens,

        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0")
        double budgetCloseFraction,

        @DefaultValue("0.001") @NotNull @DecimalMin("0.0") BigDecimal toolHoldUsd,
        @DefaultValue("2000") @Min(0) int toolHoldTokens,
        Map<ModelTier, Double> budgetTierCaps,
        @DefaultValue("2s") @NotNull Duration budgetHoldWait,
        @DefaultValue("150") @Min(0) int overloadInFlight,
        @DefaultValue("free") @NotNull ModelTier overloadTierCap) {

    ExecutionProperties {
        budgetTierCaps = budgetTierCaps == null
                ? Map.of(ModelTier.QUALITY, 0.25, ModelTier.CHEAP, 0.10, ModelTier.FREE, 0.03)
                : Map.copyOf(budgetTierCaps);
    }

    /**
     * The tier cap for a budget with {@code share} of its daily limit left, or {@code null} when none
     * applies.
     */
    ModelTier tierCap(double share) {
        ModelTier cap = null;
        for (Map.Entry<ModelTier, Double> step : budgetTierCaps.entrySet()) {
            if (share < step.getValue() && (cap == null || step.getKey().rank() < cap.rank())) {
                cap = step.getKey();
            }
        }
        return cap;
    }
}
