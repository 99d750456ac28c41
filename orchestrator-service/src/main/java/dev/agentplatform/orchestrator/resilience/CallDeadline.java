package dev.agentplatform.orchestrator.resilience;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A time limit on the calling thread: when it passes, the thread is interrupted, which ends a
 * blocking call (the simulated provider's sleep, an HTTP exchange). Unlike a time limiter that
 * hands the call to another thread, it costs no thread hop on the fast path. {@link #close()}
 * clears an interrupt this deadline delivered, so the thread goes on clean.
 */
public final class CallDeadline implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "call-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final Thread thread;
    private final ScheduledFuture<?> alarm;
    private boolean finished;
    private boolean fired;

    private CallDeadline(Duration timeout) {
        this.thread = Thread.currentThread();
        this.alarm = TIMER.schedule(this::fire, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Starts a deadline {@code timeout} from now for the current thread. */
    public static CallDeadline start(Duration timeout) {
        return new CallDeadline(timeout);
    }

    private synchronized void fire() {
        if (!finished) {
            fired = true;
            thread.interrupt();
        }
    }

    /** Whether the deadline passed before {@link #close()}. */
    public synchronized boolean fired() {
        return fired;
    }

    @Override
    public synchronized void close() {
        finished = true;
        alarm.cancel(false);
        if (fired) {
            // Under the same lock as fire(): its interrupt has landed and is cleared here.
            Thread.interrupted();
        }
    }
}
