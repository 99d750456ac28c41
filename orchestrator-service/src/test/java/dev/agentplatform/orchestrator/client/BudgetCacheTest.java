package dev.agentplatform.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.BudgetCheck;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

class BudgetCacheTest {

    /** Answers from a script of standings (or failures) and records who was asked. */
    private static final class ScriptedCost extends CostClient {

        final Deque<Object> answers = new ArrayDeque<>();
        final List<String> asked = new ArrayList<>();

        ScriptedCost() {
            super(
                    RestClient.builder(),
                    new ClientsProperties(
                            java.net.URI.create("http://127.0.0.1:1"),
                            java.net.URI.create("http://127.0.0.1:1"),
                            java.net.URI.create("http://127.0.0.1:1"),
                            java.net.URI.create("http://127.0.0.1:1"),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1)));
        }

        @Override
        public BudgetCheck budget(String userId, String tier, String team, String keyId) {
            asked.add(userId + "/" + tier + (team == null ? "" : "/" + team) + (keyId == null ? "" : "/" + keyId));
            Object next = answers.removeFirst();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (BudgetCheck) next;
        }
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    // each test gets its own instance, so its own scripted cost-service, clock and refresh queue
    private final ScriptedCost cost = new ScriptedCost();
    private final MovableClock clock = new MovableClock();
    private final List<Runnable> queued = new ArrayList<>();

    /** A cache with a 1 s TTL whose background refreshes wait in {@link #queued} until run. */
    private BudgetCache queuedRefreshes() {
        return new BudgetCache(cost, Duration.ofSeconds(1), clock, queued::add);
    }

    private static BudgetCheck standing(boolean allowed, String remaining) {
        return new BudgetCheck(
                "alice",
                "free",
                allowed,
                BigDecimal.ZERO,
                new BigDecimal("1.00"),
                new BigDecimal(remaining),
                "user",
                "day");
    }

    @Test
    void aStandingIsReusedWithinTheTtlPerUserAndTierAndAskedAgainAfterIt() {
        BudgetCache cache = new BudgetCache(cost, Duration.ofSeconds(1), clock, Runnable::run);
        cost.answers.add(standing(true, "0.90"));
        cost.answers.add(standing(true, "0.50"));
        cost.answers.add(standing(false, "0.00"));

        assertThat(cache.budget("alice", "free", null, null).remainingUsd()).isEqualByComparingTo("0.90");
        clock.now = clock.now.plusMillis(999);
        assertThat(cache.budget("alice", "free", null, null).remainingUsd()).isEqualByComparingTo("0.90");
        assertThat(cache.budget("bob", "free", null, null).remainingUsd()).isEqualByComparingTo("0.50");
        // past the TTL: the last standing answers while a refresh asks (here on the calling thread)
        clock.now = clock.now.plusMillis(1);
        assertThat(cache.budget("alice", "free", null, null).remainingUsd()).isEqualByComparingTo("0.90");
        assertThat(cache.budget("alice", "free", null, null).allowed()).isFalse();

        assertThat(cost.asked).containsExactly("alice/free", "bob/free", "alice/free");
    }

    @Test
    void theTeamAndTheKeyAreAskedForAndKeepStandingsOfTheirOwn() {
        BudgetCache cache = new BudgetCache(cost, Duration.ofSeconds(1), clock, Runnable::run);
        cost.answers.add(standing(true, "0.90"));
        cost.answers.add(standing(true, "0.05"));
        cost.answers.add(standing(false, "0.00"));

        assertThat(cache.budget("alice", "free", null, null).remainingUsd()).isEqualByComparingTo("0.90");
        assertThat(cache.budget("alice", "free", "docs", null).remainingUsd()).isEqualByComparingTo("0.05");
        assertThat(cache.budget("alice", "free", "docs", "key_a").allowed()).isFalse();
        assertThat(cache.budget("alice", "free", "docs", null).remainingUsd()).isEqualByComparingTo("0.05");

        assertThat(cost.asked).containsExactly("alice/free", "alice/free/docs", "alice/free/docs/key_a");
    }

    @Test
    void aStandingOlderThanTheStaleWindowIsAskedForOnTheSpot() {
        BudgetCache cache = queuedRefreshes();
        cost.answers.add(standing(true, "0.90"));
        cost.answers.add(standing(false, "0.00"));

        cache.budget("alice", "free", null, null);
        clock.now = clock.now.plusSeconds(BudgetCache.STALE_FACTOR);

        assertThat(cache.budget("alice", "free", null, null).allowed()).isFalse();
        assertThat(queued).isEmpty();
        assertThat(cost.asked).containsExactly("alice/free", "alice/free");
    }

    @Test
    void oneRefreshAtATimePerUser() {
        BudgetCache cache = queuedRefreshes();
        cost.answers.add(standing(true, "0.90"));
        cost.answers.add(standing(true, "0.80"));

        cache.budget("alice", "free", null, null);
        clock.now = clock.now.plusMillis(1500);
        cache.budget("alice", "free", null, null);
        cache.budget("alice", "free", null, null);
        assertThat(queued).hasSize(1);

        queued.get(0).run();
        assertThat(cache.budget("alice", "free", null, null).remainingUsd()).isEqualByComparingTo("0.80");
        assertThat(cost.asked).containsExactly("alice/free", "alice/free");
    }

    @Test
    void aFailureIsNotKeptAndAZeroTtlAsksEveryTime() {
        BudgetCache cache = new BudgetCache(cost, Duration.ofSeconds(1), clock, Runnable::run);
        cost.answers.add(new RestClientException("cost-service down"));
        cost.answers.add(standing(true, "0.90"));

        assertThatThrownBy(() -> cache.budget("alice", "free", null, null)).isInstanceOf(RestClientException.class);
        assertThat(cache.budget("alice", "free", null, null).allowed()).isTrue();

        ScriptedCost uncached = new ScriptedCost();
        BudgetCache always = new BudgetCache(uncached, Duration.ZERO, new MovableClock(), Runnable::run);
        uncached.answers.add(standing(true, "0.90"));
        uncached.answers.add(standing(false, "0.00"));
        assertThat(always.budget("alice", "free", null, null).allowed()).isTrue();
        assertThat(always.budget("alice", "free", null, null).allowed()).isFalse();
    }
}
