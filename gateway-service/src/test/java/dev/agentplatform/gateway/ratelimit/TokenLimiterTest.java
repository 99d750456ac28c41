package dev.agentplatform.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.agentplatform.gateway.auth.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

class TokenLimiterTest {

    private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

    @Test
    void theEstimateIsPromptCharactersOverFourRoundedUpPlusTheCompletion() {
        TokenLimiter limiter = limiter(Map.of("free", 1000));

        assertThat(limiter.estimate(9, 50)).isEqualTo(3 + 50);
        assertThat(limiter.estimate(8, 50)).isEqualTo(2 + 50);
        assertThat(limiter.estimate(0, null)).isEqualTo(256);
    }

    @Test
    void aTierWithoutABudgetReservesNothingAndAsksNoRedis() {
        TokenLimiter limiter = limiter(Map.of("free", 1000, "pro", 0));

        assertThat(limiter.reserve(new Caller("u", "pro", false), 10_000).block())
                .isEqualTo(TokenLimiter.Reservation.NONE);
        assertThat(limiter.reserve(new Caller("u", "enterprise", false), 10_000).block())
                .isEqualTo(TokenLimiter.Reservation.NONE);
        assertThat(limiter.settle(TokenLimiter.Reservation.NONE, 50).blockOptional())
                .isEmpty();
        verifyNoInteractions(redis);
    }

    @Test
    void everyTierIsUnlimitedByDefault() {
        assertThat(properties(null).tokenLimitFor("free")).isZero();
        assertThat(properties(null).tokenLimitFor("enterprise")).isZero();
    }

    private TokenLimiter limiter(Map<String, Integer> tokensPerMinute) {
        return new TokenLimiter(redis, properties(tokensPerMinute), new SimpleMeterRegistry());
    }

    private static RateLimitProperties properties(Map<String, Integer> tokensPerMinute) {
        return new RateLimitProperties(
                true,
                null,
                10,
                10000,
                Duration.ofMinutes(1),
                RateLimitProperties.FailureMode.FAIL_OPEN,
                Duration.ofMillis(250),
                "gateway:rl:",
                tokensPerMinute,
                256);
    }
}
