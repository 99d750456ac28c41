package dev.agentplatform.cost;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock that follows the system clock until a test stops it at an instant of its choosing; its
 * views in other zones stop and resume with it.
 */
final class SettableClock extends Clock {

    /** Makes a settable clock the service's clock: the system clock unless a test stops it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock();
        }
    }

    private final AtomicReference<Instant> stoppedAt;
    private final ZoneId zone;

    SettableClock() {
        this(new AtomicReference<>(), ZoneOffset.UTC);
    }

    private SettableClock(AtomicReference<Instant> stoppedAt, ZoneId zone) {
        this.stoppedAt = stoppedAt;
        this.zone = zone;
    }

    /** Stops the clock at {@code instant} until {@link #resume()}. */
    void stopAt(Instant instant) {
        stoppedAt.set(instant);
    }

    /** Lets the clock follow the system clock again. */
    void resume() {
        stoppedAt.set(null);
    }

    @Override
    public Instant instant() {
        Instant stopped = stoppedAt.get();
        return stopped != null ? stopped : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SettableClock(stoppedAt, zone);
    }
}
