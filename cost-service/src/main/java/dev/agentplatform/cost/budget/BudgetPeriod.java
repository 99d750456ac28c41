package dev.agentplatform.cost.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** How long a budget lasts before it starts over. */
public enum BudgetPeriod {
    DAY,
    MONTH;

    /** The period's name in answers and problems. */
    public String id() {
        return this == DAY ? "day" : "month";
    }

    /** The first instant of the period that contains {@code now} in {@code zone}. */
    public Instant start(Instant now, ZoneId zone) {
        LocalDate date = LocalDate.ofInstant(now, zone);
        LocalDate first = this == DAY ? date : date.with(TemporalAdjusters.firstDayOfMonth());
        return first.atStartOfDay(zone).toInstant();
    }

    /** The first instant of the next period: when a budget of this period resets. */
    public Instant end(Instant now, ZoneId zone) {
        ZonedDateTime start = start(now, zone).atZone(zone);
        return (this == DAY ? start.plus(1, ChronoUnit.DAYS) : start.plus(1, ChronoUnit.MONTHS)).toInstant();
    }

    /** A name for the period containing {@code now}: {@code d2026-12-06} or {@code m2026-12}. */
    public String label(Instant now, ZoneId zone) {
        LocalDate date = LocalDate.ofInstant(now, zone);
        return this == DAY ? "d" + date : "m" + date.toString().substring(0, 7);
    }
}
