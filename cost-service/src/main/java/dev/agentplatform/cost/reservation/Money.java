package dev.agentplatform.cost.reservation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollars as Redis counts them: whole units of 1e-8 USD, the ledger's precision. */
final class Money {

    static final int SCALE = 8;

    private Money() {}

    /** A hold in units, rounded up: a reservation never holds less than asked. */
    static long holdUnits(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
    }

    /** A cost in units, as the ledger rounds it. */
    static long costUnits(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    static BigDecimal usd(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }

    static BigDecimal usd(double units) {
        return BigDecimal.valueOf(units).movePointLeft(SCALE).setScale(SCALE, RoundingMode.HALF_UP);
    }
}
