package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.BudgetReservation;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.client.CostClient;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import dev.agentplatform.orchestrator.task.Caller;
import dev.agentplatform.support.PlatformException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * Reserve, then settle: before an agent calls its provider, its worst case is held in the user's
 * budgets (and its key's and team's) at cost-service, one atomic step across every budget and
 * instance. Mostly it is drawn from the caller's budget lease here, with no call at all
 * ({@link BudgetLeases}): the attempt's usage events name the lease and book their costs in it, and
 * the end of the attempt frees what it drew beyond them. Otherwise (no lease fits) the worst case is
 * held at cost-service for this attempt alone, and that hold is settled by the attempt's usage
 * events on the usage stream (the last one says so), with no call of its own; an attempt that spent
 * nothing gives it back here. Cost-service
 * unreachable: the call goes ahead unheld when {@code budget-fail-open} (the default), else the
 * task is a 503.
 *
 * <p>A budget with no room for the worst case of the agent's model may still hold a cheaper one:
 * then the attempt moves to the cheaper models of the agent's chain and of the catalog's chains of
 * its tier and below that the budget can hold, most capable first, unless the caller asked for
 * {@code X-Cost-Policy: strict}.
 */
@Component
class BudgetHolds {

    private static final Logger log = LoggerFactory.getLogger(BudgetHolds.class);

    /**
     * What a call holds, for which chain of providers.
     *
     * @param reservationId the hold; {@code null} when it runs unheld (cost-service was unreachable)
     * @param chain the providers the hold covers: the agent's, or the cheaper ones it moved to
     * @param downgradedFrom the model the agent would have called when it moved, else {@code null}
     * @param draw the draw on a lease the hold is, or {@code null} for a hold of its own
     */
    record Hold(String reservationId, List<String> chain, String downgradedFrom, BudgetLeases.Draw draw) {

        /** Whether the hold moved the call to cheaper models. */
        boolean downgraded() {
            return downgradedFrom != null;
        }

        /**
         * Whether the hold is a draw on a lease: its usage events book their costs and settle nothing
         * (the lease outlives the attempt).
         */
        boolean leased() {
            return draw != null;
        }
    }

    private final CostClient cost;
    private final ProviderRegistry providers;
    private final ExecutionProperties properties;
    private final BudgetLeases leases;

    BudgetHolds(CostClient cost, ProviderRegistry providers, ExecutionProperties properties, BudgetLeases leases) {
        this.cost = cost;
        this.providers = providers;
        this.properties = properties;
        this.leases = leases;
    }

    /**
     * Holds the worst case of {@code agent} calling {@code capabilities} capabilities, then answering
     * {@code messages} and their outputs with at most {@code maxTokens}; when no budget can, the
     * worst case of the cheaper models one can.
     *
     * @throws BudgetRefused when a budget has no room, not even for a cheaper model
     * @throws PlatformException 503 when cost-service cannot answer and the budget fails closed
     */
    Hold hold(
            Caller caller,
            Agent agent,
            List<ChatMessage> messages,
            int capabilities,
            Integer maxTokens,
            ModelTier tierCap) {
        BigDecimal tools = properties.toolHoldUsd().multiply(BigDecimal.valueOf(capabilities));
        int toolTokens = capabilities * properties.toolHoldTokens();
        List<String> chain = agent.providers();
        String from = null;
        // X-Cost-Policy: strict asks for the agent's own models or a 402, never cheaper ones
        if (tierCap != null && !caller.strictBudget() && agent.tier().rank() > tierCap.rank()) {
            // what is left of the budget today, or the instance's load, allows models of this tier at most
            List<String> capped = chainUpTo(tierCap);
            // an agent whose own model serves the capped tier too keeps it: nothing to downgrade
            if (!capped.isEmpty() && !capped.contains(agent.provider())) {
                from = model(agent.provider());
                chain = capped;
                log.debug(
                        "tier cap for {}: agent {} ({}) calls tier {} and cheaper {}",
                        caller.userId(),
                        agent.name(),
                        agent.tier().id(),
                        tierCap.id(),
                        capped);
            }
        }
        BigDecimal worst =
                providers.worstCaseUsd(chain, messages, toolTokens, maxTokens).add(tools);
        try {
            BudgetLeases.Draw draw = leases.draw(caller, worst);
            if (draw != null) {
                return new Hold(draw.leaseId(), chain, from, draw);
            }
        } catch (HttpClientErrorException e) {
            // cost-service answered, but not with a lease (one longer than it grants): held alone
            log.warn("budget lease for user {} refused: {}; holding the request alone", caller.userId(), e.toString());
        } catch (RestClientException e) {
            return new Hold(unreachable(caller, e), chain, from, null);
        }
        try {
            return new Hold(reserveWhenHoldsSettle(caller, worst), chain, from, null);
        } catch (BudgetRefused refused) {
            if (caller.strictBudget()) {
                throw refused;
            }
            return cheaper(caller, agent, messages, toolTokens, tools, maxTokens, worst, refused);
        }
    }

    /**
     * The hold of the cheaper models the refused budget can hold: each model's worst case against
     * what the refusal says is left, the most capable that fit held together; refused again (by
     * another budget), the same with what that one says is left.
     */
    private Hold cheaper(
            Caller caller,
            Agent agent,
            List<ChatMessage> messages,
            int toolTokens,
            BigDecimal tools,
            Integer maxTokens,
            BigDecimal worst,
            BudgetRefused refused) {
        Map<String, BigDecimal> candidates = new LinkedHashMap<>();
        for (String provider : candidates(agent)) {
            BigDecimal each = providers
                    .worstCaseUsd(List.of(provider), messages, toolTokens, maxTokens)
                    .add(tools);
            if (each.compareTo(worst) < 0) {
                candidates.put(provider, each);
            }
        }
        BudgetRefused last = refused;
        for (int round = 0; round < 3 && !candidates.isEmpty(); round++) {
            BigDecimal left = left(last);
            if (left == null) {
                break;
            }
            List<String> chain = new ArrayList<>();
            BigDecimal hold = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> candidate : candidates.entrySet()) {
                if (candidate.getValue().compareTo(left) <= 0) {
                    chain.add(candidate.getKey());
                    hold = hold.max(candidate.getValue());
                }
            }
            if (chain.isEmpty()) {
                break;
            }
            try {
                String id = reserve(caller, hold);
                String from = model(agent.provider());
                log.info(
                        "budget of {} holds no {} (${} at most), moving agent {} to {}",
                        caller.userId(),
                        from,
                        worst.toPlainString(),
                        agent.name(),
                        chain);
                return new Hold(id, List.copyOf(chain), from, null);
            } catch (BudgetRefused again) {
                last = again;
                candidates.keySet().retainAll(chain);
                // the most expensive of these did not fit the other budget either
                candidates.remove(chain.get(argMax(chain, candidates)));
            }
        }
        throw refused;
    }

    private static int argMax(List<String> chain, Map<String, BigDecimal> candidates) {
        int best = 0;
        for (int i = 1; i < chain.size(); i++) {
            if (candidates.get(chain.get(i)).compareTo(candidates.get(chain.get(best))) > 0) {
                best = i;
            }
        }
        return best;
    }

    /** The catalog's chains of {@code tier} and each cheaper tier, in order, each provider once. */
    private List<String> chainUpTo(ModelTier tier) {
        Set<String> order = new LinkedHashSet<>();
        for (int rank = tier.rank(); rank >= 1; rank--) {
            order.addAll(providers.tierChain(ModelTier.ofRank(rank)));
        }
        return List.copyOf(order);
    }

    /**
     * The models an agent may move to: the rest of its own chain, then the catalog's chains of its
     * tier and each cheaper tier, in order, each once.
     */
    private List<String> candidates(Agent agent) {
        Set<String> order = new LinkedHashSet<>(agent.providers());
        order.addAll(chainUpTo(agent.tier()));
        order.remove(agent.provider());
        return List.copyOf(order);
    }

    /** What the refused budget has left (its limit less its spend and holds), if it says. */
    static BigDecimal left(BudgetRefused refused) {
        Standing standing = Standing.of(refused);
        if (standing == null || standing.limit() == null) {
            return null;
        }
        return standing.limit().subtract(orZero(standing.spent())).subtract(orZero(standing.reserved()));
    }

    /**
     * Whether the refused budget would hold the request once the other holds settle: its spend plus
     * the amount asked for is within its limit, and something is held.
     */
    static boolean roomOnceHoldsSettle(BudgetRefused refused) {
        Standing standing = Standing.of(refused);
        return standing != null
                && standing.limit() != null
                && standing.spent() != null
                && standing.requested() != null
                && standing.reserved() != null
                && standing.reserved().signum() > 0
                && standing.spent().add(standing.requested()).compareTo(standing.limit()) <= 0;
    }

    /** The refused budget's standing as cost-service's 402 tells it; each part {@code null} when it does not. */
    private record Standing(BigDecimal limit, BigDecimal spent, BigDecimal reserved, BigDecimal requested) {

        static Standing of(BudgetRefused refused) {
            var properties = refused.problem().getProperties();
            if (properties == null) {
                return null;
            }
            return new Standing(
                    decimal(properties.get("limitUsd")),
                    decimal(properties.get("spentUsd")),
                    decimal(properties.get("reservedUsd")),
                    decimal(properties.get("requestedUsd")));
        }
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String model(String provider) {
        return providers.info(provider).map(info -> info.model()).orElse(provider);
    }

    /**
     * {@link #reserve(Caller, BigDecimal)}, waiting while the refusal is only for what other
     * requests hold: a burst at a small budget holds every request's worst case at once, and most of
     * those holds settle far below it within a moment. Waits at most {@code budgetHoldWait}, backing
     * off from 20 to 200 ms; a budget whose spend alone leaves no room is refused at once.
     */
    private String reserveWhenHoldsSettle(Caller caller, BigDecimal amount) {
        long deadline = System.nanoTime() + properties.budgetHoldWait().toNanos();
        long pauseMillis = 20;
        while (true) {
            try {
                return reserve(caller, amount);
            } catch (BudgetRefused refused) {
                if (!roomOnceHoldsSettle(refused)
                        || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) - deadline > 0) {
                    throw refused;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
                pauseMillis = Math.min(200, pauseMillis * 2);
            }
        }
    }

    /** The reservation's id, or {@code null} when cost-service is unreachable and budgets fail open. */
    private String reserve(Caller caller, BigDecimal amount) {
        try {
            BudgetReservation reservation =
                    cost.reserve(caller.userId(), caller.tier(), caller.team(), caller.keyId(), amount);
            leases.heldExactly();
            return reservation.reservationId();
        } catch (RestClientException e) {
            return unreachable(caller, e);
        }
    }

    /** {@code null} (the call runs unheld) when budgets fail open, else the 503. */
    private String unreachable(Caller caller, RestClientException e) {
        if (properties.budgetFailOpen()) {
            log.warn("reservation for user {} failed, running unheld (fail-open): {}", caller.userId(), e.toString());
            return null;
        }
        throw unavailable(properties);
    }

    /** The 503 of a budget cost-service cannot answer for, when budgets fail closed. */
    static PlatformException unavailable(ExecutionProperties properties) {
        return new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Budget check unavailable",
                        "The budget of this user cannot be checked right now")
                .header(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(properties.retryAfter().toSeconds()));
    }

    /**
     * Ends the attempt's hold: a draw on a lease frees what it drew beyond {@code costUsd} (what the
     * attempt's usage events cost together); a hold of its own that no event settled
     * ({@code !settled}) is given back.
     */
    void ended(Caller caller, Hold hold, boolean settled, BigDecimal costUsd) {
        if (hold.leased()) {
            leases.end(hold.draw(), costUsd);
        } else if (!settled) {
            release(caller, hold);
        }
    }

    /**
     * Gives the hold back: the attempt spent nothing (a paid call's usage event settles it instead).
     * A failure is logged; the lease expires.
     */
    private void release(Caller caller, Hold hold) {
        if (hold.reservationId() == null) {
            return;
        }
        try {
            cost.release(caller.userId(), caller.tier(), hold.reservationId());
        } catch (RestClientException e) {
            log.warn("releasing reservation {} failed; its lease will expire: {}", hold.reservationId(), e.toString());
        }
    }

    /** The 402 the client gets for a refusal: cost-service's problem, which names the budget and its reset. */
    static PlatformException problem(BudgetRefused refused) {
        var source = refused.problem();
        // not spent but held by requests still running: worth asking again soon, not at the reset
        boolean held = roomOnceHoldsSettle(refused);
        String detail = held
                ? "What is left of a budget of this user is held by requests still running; retry in a moment"
                : source.getDetail() == null ? "A budget of this user is spent" : source.getDetail();
        PlatformException problem = new PlatformException(
                HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED, "Budget exhausted", detail);
        if (source.getProperties() != null) {
            source.getProperties().forEach(problem::property);
        }
        String retryAfter = held ? "1" : refused.retryAfter();
        if (retryAfter != null) {
            problem.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return problem;
    }
}
