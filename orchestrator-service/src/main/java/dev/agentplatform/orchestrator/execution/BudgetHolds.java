package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.BudgetReservation;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.client.CostClient;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import dev.agentplatform.support.PlatformException;
import java.math.BigDecimal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Reserve, then settle: before an agent calls its provider, its worst case is held in the user's
 * budgets at cost-service (one atomic step across every budget and instance); the answer's actual
 * cost replaces the hold, a failure gives it back. Cost-service unreachable: the call goes ahead
 * unheld when {@code budget-fail-open} (the default), else the task is a 503.
 */
@Component
class BudgetHolds {

    private static final Logger log = LoggerFactory.getLogger(BudgetHolds.class);

    /** What a call holds; {@link #NONE} when it runs unheld (cost-service was unreachable). */
    record Hold(String reservationId) {
        static final Hold NONE = new Hold(null);
    }

    private final CostClient cost;
    private final ProviderRegistry providers;
    private final ExecutionProperties properties;

    BudgetHolds(CostClient cost, ProviderRegistry providers, ExecutionProperties properties) {
        this.cost = cost;
        this.providers = providers;
        this.properties = properties;
    }

    /**
     * Holds the worst case of {@code agent} calling {@code capabilities} capabilities, then answering
     * {@code messages} and their outputs with at most {@code maxTokens}.
     *
     * @throws BudgetRefused when a budget has no room
     * @throws PlatformException 503 when cost-service cannot answer and the budget fails closed
     */
    Hold hold(Caller caller, Agent agent, List<ChatMessage> messages, int capabilities, Integer maxTokens) {
        BigDecimal worst = providers
                .worstCaseUsd(agent.providers(), messages, capabilities * properties.toolHoldTokens(), maxTokens)
                .add(properties.toolHoldUsd().multiply(BigDecimal.valueOf(capabilities)));
        try {
            BudgetReservation reservation = cost.reserve(caller.userId(), caller.tier(), worst);
            return new Hold(reservation.reservationId());
        } catch (RestClientException e) {
            if (properties.budgetFailOpen()) {
                log.warn(
                        "reservation for user {} failed, running unheld (fail-open): {}",
                        caller.userId(),
                        e.toString());
                return Hold.NONE;
            }
            throw unavailable(properties);
        }
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

    /** Books the actual cost in place of the hold; a failure is logged (the lease expires, the ledger has the cost). */
    void settle(Caller caller, Hold hold, BigDecimal costUsd, String agent, String provider) {
        if (hold.reservationId() == null) {
            return;
        }
        try {
            cost.settle(caller.userId(), caller.tier(), hold.reservationId(), costUsd, agent, provider);
        } catch (RestClientException e) {
            log.warn("settling reservation {} failed; its lease will expire: {}", hold.reservationId(), e.toString());
        }
    }

    /** Gives the hold back. */
    void release(Caller caller, Hold hold) {
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
        PlatformException problem = new PlatformException(
                HttpStatus.PAYMENT_REQUIRED,
                ProblemTypes.BUDGET_EXHAUSTED,
                "Budget exhausted",
                source.getDetail() == null ? "A budget of this user is spent" : source.getDetail());
        if (source.getProperties() != null) {
            source.getProperties().forEach(problem::property);
        }
        if (refused.retryAfter() != null) {
            problem.header(HttpHeaders.RETRY_AFTER, refused.retryAfter());
        }
        return problem;
    }
}
