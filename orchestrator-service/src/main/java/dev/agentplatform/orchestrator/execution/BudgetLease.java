package dev.agentplatform.orchestrator.execution;

import java.math.BigDecimal;

/**
 * One lease: a hold at cost-service that requests of one caller draw their worst cases from, here,
 * without I/O. Thread-safe; every method is a short critical section.
 *
 * <p>What is drawn and not yet ended counts at its worst case, what ended at its actual cost: the
 * sum ({@link #awaited}) is what the lease's usage events will book at most, and the lease never
 * lends more than it holds. A lease retires (no more draws) when it cannot cover a request, is idle,
 * or nears its expiry; it is closed exactly once, by whoever sees it retired with no draw open.
 */
final class BudgetLease {

    private final String id;
    private final BigDecimal amount;
    private final long takenNanos;
    private final long drawUntilNanos;

    private BigDecimal available;
    private BigDecimal awaited = BigDecimal.ZERO;
    private int open;
    private long lastUsedNanos;
    private boolean retired;
    private boolean closed;
    private boolean refillDue;

    /**
     * @param id cost-service's reservation id
     * @param amount what it holds
     * @param takenNanos when it was asked for ({@link System#nanoTime()} scale)
     * @param drawUntilNanos the last instant a draw may begin: its expiry less the margin a draw needs
     */
    BudgetLease(String id, BigDecimal amount, long takenNanos, long drawUntilNanos) {
        this.id = id;
        this.amount = amount;
        this.available = amount;
        this.takenNanos = takenNanos;
        this.lastUsedNanos = takenNanos;
        this.drawUntilNanos = drawUntilNanos;
    }

    String id() {
        return id;
    }

    BigDecimal amount() {
        return amount;
    }

    /** Draws {@code worst}; {@code false} when the lease is retired, past drawing, or too small. */
    synchronized boolean draw(BigDecimal worst, long nowNanos) {
        if (retired || nowNanos - drawUntilNanos > 0 || available.compareTo(worst) < 0) {
            return false;
        }
        available = available.subtract(worst);
        awaited = awaited.add(worst);
        open++;
        lastUsedNanos = nowNanos;
        return true;
    }

    /**
     * Whether the next lease should be taken now, ahead of need: at most once per lease, when it is
     * still drawn from and what it has left, or its time left to draw, fell below {@code share} of
     * what it began with.
     */
    synchronized boolean refillDue(double share, long nowNanos) {
        if (refillDue || retired || share <= 0) {
            return false;
        }
        BigDecimal low = amount.multiply(BigDecimal.valueOf(share));
        long window = drawUntilNanos - takenNanos;
        if (available.compareTo(low) < 0 || drawUntilNanos - nowNanos < (long) (window * share)) {
            refillDue = true;
            return true;
        }
        return false;
    }

    /**
     * Ends a draw of {@code worst} that cost {@code actual} (its usage events' costs together): the
     * difference is free again (or, when the call cost more than its worst case, less is).
     *
     * @return whether the caller must close the lease now (it is retired and this was its last draw)
     */
    synchronized boolean end(BigDecimal worst, BigDecimal actual, long nowNanos) {
        available = available.add(worst).subtract(actual);
        awaited = awaited.subtract(worst).add(actual);
        open--;
        lastUsedNanos = nowNanos;
        return closeable();
    }

    /**
     * Takes no more draws.
     *
     * @return whether the caller must close the lease now (no draw is open)
     */
    synchronized boolean retire() {
        retired = true;
        return closeable();
    }

    /**
     * Retires the lease when no draw is open and none began or ended for {@code idleNanos}, or when
     * it is past drawing.
     *
     * @return whether the caller must close it now
     */
    synchronized boolean retireIfIdle(long nowNanos, long idleNanos) {
        if (nowNanos - drawUntilNanos > 0 || (open == 0 && nowNanos - lastUsedNanos >= idleNanos)) {
            retired = true;
        }
        return retired && closeable();
    }

    /**
     * Retires the lease and marks it closed whatever is open (shutdown): its open draws' worst cases
     * stay in {@link #awaited}, so cost-service keeps them held until their events come or the lease
     * expires.
     *
     * @return whether the caller must close it now (no one did before)
     */
    synchronized boolean closeNow() {
        retired = true;
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** What the lease's usage events will book at most: ended draws' costs and open draws' worst cases. */
    synchronized BigDecimal awaited() {
        return awaited;
    }

    /** What is left to draw. */
    synchronized BigDecimal available() {
        return available;
    }

    /** Draws begun and not ended. */
    synchronized int open() {
        return open;
    }

    synchronized boolean retired() {
        return retired;
    }

    private boolean closeable() {
        if (retired && open == 0 && !closed) {
            closed = true;
            return true;
        }
        return false;
    }
}
