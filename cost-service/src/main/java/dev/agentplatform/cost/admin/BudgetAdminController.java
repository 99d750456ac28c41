package dev.agentplatform.cost.admin;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.cost.budget.BudgetScope;
import dev.agentplatform.cost.budget.BudgetStore;
import dev.agentplatform.cost.budget.Budgets;
import dev.agentplatform.cost.budget.ScopeBudget;
import dev.agentplatform.cost.budget.UserIds;
import dev.agentplatform.cost.reservation.SpendCounters;
import dev.agentplatform.cost.reservation.Standing;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Budgets per user, team and API key: {@code PUT}, {@code GET}, {@code DELETE /admin/v1/budgets/{scope}/{id}}. */
@RestController
class BudgetAdminController {

    /** No budget above this is meant: a typo, not a plan. */
    private static final BigDecimal MAX_USD = new BigDecimal("1000000");

    private final BudgetStore store;
    private final Budgets budgets;
    private final SpendCounters counters;

    BudgetAdminController(BudgetStore store, Budgets budgets, SpendCounters counters) {
        this.store = store;
        this.budgets = budgets;
        this.counters = counters;
    }

    /**
     * A budget to set; at least one field.
     *
     * @param dailyUsd the most per day (for a user, replacing the tier's), {@code null} for none
     * @param monthlyUsd the most per calendar month, {@code null} for none
     * @param timezone the IANA zone where days and months begin, default UTC
     */
    record BudgetRequest(BigDecimal dailyUsd, BigDecimal monthlyUsd, String timezone) {}

    /**
     * A budget and where it stands.
     *
     * @param scope user, team or key
     * @param id whose
     * @param dailyUsd the daily limit, {@code null} for none
     * @param monthlyUsd the monthly limit, {@code null} for none
     * @param timezone where its periods begin
     * @param updatedAt when it was set
     * @param standing spend, holds, forecast and reset per period it limits
     */
    record BudgetView(
            String scope,
            String id,
            BigDecimal dailyUsd,
            BigDecimal monthlyUsd,
            String timezone,
            Instant updatedAt,
            List<Standing> standing) {}

    @PutMapping(
            path = "/admin/v1/budgets/{scope}/{id}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    BudgetView put(@PathVariable String scope, @PathVariable String id, @RequestBody BudgetRequest request) {
        ServiceCaller.requireAdmin();
        BudgetScope budgetScope = BudgetScope.of(scope);
        UserIds.require(id, "id");
        if (request == null
                || (request.dailyUsd() == null && request.monthlyUsd() == null && request.timezone() == null)) {
            throw invalid("give dailyUsd and/or monthlyUsd (US dollars), and optionally timezone");
        }
        ZoneId zone = zone(request.timezone());
        ScopeBudget budget = available(() -> store.put(
                budgetScope,
                id,
                amount("dailyUsd", request.dailyUsd()),
                amount("monthlyUsd", request.monthlyUsd()),
                zone));
        return view(budget);
    }

    @GetMapping(path = "/admin/v1/budgets/{scope}/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    BudgetView get(@PathVariable String scope, @PathVariable String id) {
        ServiceCaller.requireAdmin();
        BudgetScope budgetScope = BudgetScope.of(scope);
        UserIds.require(id, "id");
        return available(() -> store.find(budgetScope, id))
                .map(this::view)
                .orElseThrow(() -> new PlatformException(
                        HttpStatus.NOT_FOUND,
                        ProblemTypes.NOT_FOUND,
                        "No budget",
                        "No budget is set for " + budgetScope.id() + " " + id));
    }

    @DeleteMapping("/admin/v1/budgets/{scope}/{id}")
    ResponseEntity<Void> delete(@PathVariable String scope, @PathVariable String id) {
        ServiceCaller.requireAdmin();
        BudgetScope budgetScope = BudgetScope.of(scope);
        UserIds.require(id, "id");
        if (!available(() -> store.delete(budgetScope, id))) {
            throw new PlatformException(
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "No budget",
                    "No budget is set for " + budgetScope.id() + " " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private BudgetView view(ScopeBudget budget) {
        return new BudgetView(
                budget.scope().id(),
                budget.id(),
                budget.dailyUsd(),
                budget.monthlyUsd(),
                budget.timezone().getId(),
                budget.updatedAt(),
                counters.standing(budgets.limits(budget)));
    }

    private static BigDecimal amount(String field, BigDecimal usd) {
        if (usd == null) {
            return null;
        }
        if (usd.signum() < 0 || usd.compareTo(MAX_USD) > 0) {
            throw invalid(field + " must be within 0 and " + MAX_USD.toPlainString() + " US dollars, was " + usd);
        }
        if (usd.stripTrailingZeros().scale() > 8) {
            throw invalid(field + " has more than 8 decimals");
        }
        return usd;
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw invalid("timezone must be an IANA zone such as Europe/Berlin or UTC, was '" + timezone + "'");
        }
    }

    private static <T> T available(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (DataAccessException e) {
            throw new PlatformException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.UNAVAILABLE,
                    "Budget store unavailable",
                    "The budgets cannot be read or written right now");
        }
    }

    static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
