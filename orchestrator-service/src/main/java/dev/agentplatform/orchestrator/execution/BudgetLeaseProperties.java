package dev.agentplatform.orchestrator.execution;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Budget leases ({@link BudgetLeases}): one hold at cost-service per caller, from which the
 * caller's requests draw their worst cases without a call of their own.
 *
 * @param enabled whether requests draw from leases; {@code false}: every request holds its own worst
 *     case at cost-service, as before leases; default {@code true}
 * @param drawsPerLease how many worst cases of the request that takes a lease it holds; default 20
 * @param maxLeaseUsd the most one lease holds, US dollars; default 0.50
 * @param minDraws a lease smaller than this many worst cases is not taken: the request holds its
 *     own; default 2
 * @param budgetShare when a budget has no room for a full lease, the share of what it has left a
 *     smaller one may hold (the rest stays for the caller's other instances and, for team and key
 *     budgets, for the other members); default 0.5
 * @param lease how long cost-service keeps a lease the orchestrator neither closes nor renews (so the
 *     lease of a dead orchestrator comes back), at most cost-service's max lease; default 10 min
 * @param drawMargin how long before the lease's expiry its last draw may begin: at least the longest
 *     an attempt and the publication of its usage events take, so that no event comes after cost-service
 *     gave the lease back; default 2 min (what cost-service gives a request's own hold)
 * @param idleClose a lease no request drew from for this long is closed; default 15 s
 * @param refusedPause after cost-service refused a lease to a caller, how long the caller's requests
 *     hold their own worst cases without asking for another lease; default 5 s
 * @param refillBelow when what a lease has left (or its time left to draw) falls below this share of
 *     what it began with, the caller's next lease is taken in the background, so that requests seldom
 *     wait for one; {@code 0} takes the next lease only when a request finds the lease unable to cover
 *     it; default 0.5 (about 1.5 times the leases a quarter takes, and a tenth of its slowest
 *     requests' waits: {@code bench/cost/README.md})
 * @param refillThreads threads that take leases ahead (one refill at a time per caller; a refill
 *     that finds them all busy and its queue full is not made, and the request that finds the lease
 *     exhausted takes the next one itself); default 2
 * @param refillWait the longest a request the lease cannot cover waits for the caller's refill in
 *     flight before it holds its own worst case at cost-service; default 5 s (the client's connect
 *     and read timeouts bound the refill before that)
 */
@ConfigurationProperties("platform.orchestrator.budget-leases")
@Validated
record BudgetLeaseProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20") @Min(1) int drawsPerLease,
        @DefaultValue("0.50") @NotNull @DecimalMin("0.0") BigDecimal maxLeaseUsd,
        @DefaultValue("2") @Min(1) int minDraws,

        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0")
        double budgetShare,

        @DefaultValue("10m") @NotNull Duration lease,
        @DefaultValue("2m") @NotNull Duration drawMargin,
        @DefaultValue("15s") @NotNull Duration idleClose,
        @DefaultValue("5s") @NotNull Duration refusedPause,

        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("0.9")
        double refillBelow,

        @DefaultValue("2") @Min(1) @Max(16) int refillThreads,
        @DefaultValue("5s") @NotNull Duration refillWait) {

    BudgetLeaseProperties {
        if (lease != null && drawMargin != null && lease.compareTo(drawMargin) <= 0) {
            throw new IllegalArgumentException("platform.orchestrator.budget-leases.lease (" + lease
                    + ") must be longer than its draw-margin (" + drawMargin + ")");
        }
    }
}
