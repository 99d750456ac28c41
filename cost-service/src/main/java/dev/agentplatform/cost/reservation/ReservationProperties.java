package dev.agentplatform.cost.reservation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reservations and the spend counters behind them.
 *
 * @param defaultLease how long a hold lasts when the caller names no lease (duration, default 2m)
 * @param maxLease the longest lease a caller may ask for (duration, default 30m)
 * @param burnRateTimeConstant the time constant of the exponentially weighted burn rate the
 *     forecast projects to the reset (duration, default 1h)
 * @param reconcileInterval how often the counters of this period are compared with the ledger and
 *     raised where the ledger booked more (duration, default 30s; 0 turns it off)
 * @param reapInterval how often holds whose lease expired are given back (duration, default 5s)
 */
@ConfigurationProperties("platform.cost.reservation")
@Validated
public record ReservationProperties(
        @DefaultValue("2m") Duration defaultLease,
        @DefaultValue("30m") Duration maxLease,
        @DefaultValue("1h") Duration burnRateTimeConstant,
        @DefaultValue("30s") Duration reconcileInterval,
        @DefaultValue("5s") Duration reapInterval) {}
