package dev.agentplatform.cost.costs;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/costs?groupBy=agent|model|provider|tool|user&from&to} and
 * {@code GET /admin/v1/costs/recommendations}: the admin key only.
 */
@RestController
class CostsController {

    private static final int SCALE = 8;

    private final CostReports reports;
    private final CostsProperties properties;
    private final Clock clock;

    CostsController(CostReports reports, CostsProperties properties, Clock clock) {
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Spend over a period, grouped.
     *
     * @param groupBy what the groups are
     * @param from the period's first instant
     * @param to the instant after its last
     * @param requests booked calls in all groups
     * @param costUsd their cost
     * @param groups the groups, costliest first
     */
    record CostView(
            String groupBy, Instant from, Instant to, long requests, BigDecimal costUsd, List<CostGroup> groups) {}

    @GetMapping(path = "/admin/v1/costs", produces = MediaType.APPLICATION_JSON_VALUE)
    CostView costs(
            @RequestParam(defaultValue = "agent") String groupBy,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        ServiceCaller.requireAdmin();
        if (!CostReports.COLUMNS.containsKey(groupBy)) {
            throw invalid("groupBy must be agent, model, provider, tool or user, was '" + groupBy + "'");
        }
        Instant start = from == null
                ? LocalDate.now(clock.withZone(ZoneOffset.UTC))
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                : instant("from", from);
        Instant end = to == null ? start.plus(Duration.ofDays(1)) : instant("to", to);
        if (!end.isAfter(start)) {
            throw invalid("to must be after from");
        }
        if (Duration.between(start, end).compareTo(properties.maxRange()) > 0) {
            throw invalid("a period may cover at most " + properties.maxRange().toDays() + " days");
        }
        List<CostGroup> groups = reports.groups(groupBy, start, end);
        return new CostView(
                groupBy,
                start,
                end,
                groups.stream().mapToLong(CostGroup::requests).sum(),
                groups.stream().map(CostGroup::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add),
                groups);
    }

    /**
     * One agent's record: success with its 95% interval, and what a successful answer costs.
     *
     * @param agent the agent
     * @param model the model most of its calls went to
     * @param attempts its outcomes in the window
     * @param successRate successes / attempts
     * @param successLow the rate's 95% Wilson lower bound
     * @param successHigh its upper bound
     * @param costUsd its spend in the window
     * @param costPerCallUsd spend per booked call, {@code null} without calls
     * @param costPerSuccessUsd spend per successful attempt, {@code null} without successes
     */
    record AgentStats(
            String agent,
            String model,
            long attempts,
            double successRate,
            double successLow,
            double successHigh,
            BigDecimal costUsd,
            BigDecimal costPerCallUsd,
            BigDecimal costPerSuccessUsd) {}

    /**
     * Advice: move an agent to a cheaper model whose success was comparable.
     *
     * @param agent the agent
     * @param fromModel the model it uses
     * @param toModel the cheaper model
     * @param savesUsdPerDay what the move would save per day at the window's volume
     * @param successChangePoints the change in success rate, in percentage points
     * @param toModelSuccessLow the cheaper model's 95% lower bound of success
     * @param toModelSuccessHigh its upper bound
     * @param observations outcomes of the agent and of the cheaper model's agents
     * @param text the advice in a sentence
     */
    record Recommendation(
            String agent,
            String fromModel,
            String toModel,
            BigDecimal savesUsdPerDay,
            double successChangePoints,
            double toModelSuccessLow,
            double toModelSuccessHigh,
            long observations,
            String text) {}

    /**
     * The advice and the evidence behind it.
     *
     * @param from the window's start
     * @param to its end
     * @param minObservations the fewest outcomes anything recommended rests on
     * @param agents each agent's record
     * @param recommendations the moves worth making, largest saving first
     */
    record RecommendationView(
            Instant from,
            Instant to,
            int minObservations,
            List<AgentStats> agents,
            List<Recommendation> recommendations) {}

    @GetMapping(path = "/admin/v1/costs/recommendations", produces = MediaType.APPLICATION_JSON_VALUE)
    RecommendationView recommendations() {
        ServiceCaller.requireAdmin();
        Instant to = clock.instant();
        Instant from = to.minus(properties.recommendationWindow());
        double days = Math.max(1.0 / 24, properties.recommendationWindow().toSeconds() / 86400.0);
        List<CostReports.AgentRecord> records = reports.agents(from, to);
        List<AgentStats> agents = records.stream().map(CostsController::stats).toList();

        // a model's record: the outcomes and calls of every agent that mostly used it
        Map<String, List<CostReports.AgentRecord>> byModel = records.stream()
                .filter(r -> !"unknown".equals(r.model()))
                .collect(Collectors.groupingBy(CostReports.AgentRecord::model));
        Map<String, CostReports.AgentRecord> models = byModel.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> combined(e.getKey(), e.getValue())));

        List<Recommendation> recommendations = new ArrayList<>();
        for (CostReports.AgentRecord agent : records) {
            if (agent.attempts() < properties.minObservations() || agent.calls() == 0) {
                continue;
            }
            Wilson current = Wilson.of(agent.successes(), agent.attempts());
            BigDecimal perCall = perCall(agent);
            models.values().stream()
                    .filter(model -> !model.model().equals(agent.model()))
                    .filter(model -> model.attempts() >= properties.minObservations() && model.calls() > 0)
                    .filter(model -> perCall(model).compareTo(perCall) < 0)
                    .filter(model ->
                            Wilson.of(model.successes(), model.attempts()).low()
                                    >= current.rate() - properties.successTolerance())
                    .min(Comparator.comparing(CostsController::perCall))
                    .ifPresent(model -> recommendations.add(recommend(agent, current, perCall, model, days)));
        }
        recommendations.sort(
                Comparator.comparing(Recommendation::savesUsdPerDay).reversed());
        return new RecommendationView(from, to, properties.minObservations(), agents, recommendations);
    }

    private static Recommendation recommend(
            CostReports.AgentRecord agent,
            Wilson current,
            BigDecimal perCall,
            CostReports.AgentRecord model,
            double days) {
        Wilson cheaper = Wilson.of(model.successes(), model.attempts());
        BigDecimal callsPerDay = BigDecimal.valueOf(agent.calls() / days);
        BigDecimal saves =
                perCall.subtract(perCall(model)).multiply(callsPerDay).setScale(4, RoundingMode.HALF_UP);
        double points = Math.round((cheaper.rate() - current.rate()) * 1000) / 10.0;
        String text = "move agent " + agent.agent() + " from " + agent.model() + " to " + model.model() + ": saves $"
                + saves.toPlainString() + "/day at " + (points >= 0 ? "+" : "") + points
                + " points of success (95% interval of " + model.model() + ": "
                + Math.round(cheaper.low() * 1000) / 10.0 + "-" + Math.round(cheaper.high() * 1000) / 10.0 + "%)";
        return new Recommendation(
                agent.agent(),
                agent.model(),
                model.model(),
                saves,
                points,
                cheaper.low(),
                cheaper.high(),
                agent.attempts() + model.attempts(),
                text);
    }

    private static CostReports.AgentRecord combined(String model, List<CostReports.AgentRecord> agents) {
        return new CostReports.AgentRecord(
                String.join(
                        ",", agents.stream().map(CostReports.AgentRecord::agent).toList()),
                model,
                agents.stream().mapToLong(CostReports.AgentRecord::attempts).sum(),
                agents.stream().mapToLong(CostReports.AgentRecord::successes).sum(),
                agents.stream().mapToLong(CostReports.AgentRecord::calls).sum(),
                agents.stream().map(CostReports.AgentRecord::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    private static BigDecimal perCall(CostReports.AgentRecord record) {
        return record.calls() == 0
                ? BigDecimal.ZERO
                : record.costUsd().divide(BigDecimal.valueOf(record.calls()), SCALE, RoundingMode.HALF_UP);
    }

    private static AgentStats stats(CostReports.AgentRecord record) {
        Wilson success = Wilson.of(record.successes(), record.attempts());
        return new AgentStats(
                record.agent(),
                record.model(),
                record.attempts(),
                success.rate(),
                success.low(),
                success.high(),
                record.costUsd(),
                record.calls() == 0 ? null : perCall(record),
                record.successes() == 0
                        ? null
                        : record.costUsd().divide(BigDecimal.valueOf(record.successes()), SCALE, RoundingMode.HALF_UP));
    }

    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(
                    name + " must be a date (2026-12-06) or an instant (2026-12-06T10:00:00Z), was '" + value + "'");
        }
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
