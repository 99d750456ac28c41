package dev.agentplatform.gateway.ratelimit;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks Redis, in one script call, whether a key may make one more request now, and counts it. A
 * caller that needs one more read when the request is admitted (the exact-hit fast path) can have it
 * done in the same script call: {@link #followedBy} and {@link #checkThen}.
 */
@Component
public class RateLimiter {

    /** The outcome of one check. */
    public record Decision(boolean allowed, Scope scope, long limit, long remaining, long resetMillis) {

        /** Seconds until a request would be admitted again, at least 1. */
        public long resetSeconds() {
            return Math.max(1, (resetMillis + 999) / 1000);
        }
    }

    /** Which limit the decision is about. */
    public enum Scope {
        NONE,
        KEY,
        GLOBAL
    }

    /** A decision and what the follow-up script read when the request was admitted. */
    public record Admission(Decision decision, Optional<byte[]> followUp) {}

    /**
     * The rate-limit check followed, for an admitted request, by another script in the same call.
     * That script reads its one key as {@code KEYS[#KEYS]} and returns a string or nil.
     */
    public static final class FollowUp {

        private final ScriptRunner.Script script;

        private FollowUp(ScriptRunner.Script script) {
            this.script = script;
        }
    }

    private static final String CHECK = Scripts.load("ratelimit/check.lua");

    // read once as text: a resource-backed script checks the jar for changes on every call
    private final ScriptRunner.Script script = ScriptRunner.Script.of(CHECK);

    private final ScriptRunner redis;
    private final RateLimitProperties properties;
    private final String instance = Long.toHexString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
    private final AtomicLong sequence = new AtomicLong();

    RateLimiter(ScriptRunner redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The check composed with {@code followUpScript}, to pass to {@link #checkThen}. */
    public static FollowUp followedBy(String followUpScript) {
        return new FollowUp(ScriptRunner.Script.of("local function check()\n" + CHECK + "\nend\n"
                + "local function followUp()\n" + followUpScript + "\nend\n"
                + "local decision = check()\n"
                + "if decision[1] == 1 then\n"
                + "  local value = followUp()\n"
                + "  if value then decision[6] = value end\n"
                + "end\n"
                + "return decision\n"));
    }

    /** Checks and, when allowed, counts one request of {@code keyId} in tier {@code tier}. */
    public Mono<Decision> check(String keyId, String tier) {
        if (unlimited(tier)) {
            return Mono.just(new Decision(true, Scope.NONE, 0, 0, 0));
        }
        return redis.<List<Object>>run(
                        script, ScriptOutputType.MULTI, properties.redisTimeout(), keys(keyId), args(tier))
                .map(RateLimiter::decision);
    }

    /**
     * Like {@link #check}, and when the request is admitted, runs {@code followUp} on
     * {@code followUpKey} in the same round trip.
     */
    public Mono<Admission> checkThen(String keyId, String tier, FollowUp followUp, String followUpKey) {
        // without limits for the tier the check returns at once and the follow-up still runs
        byte[][] limitKeys = keys(keyId);
        byte[][] keys = {limitKeys[0], limitKeys[1], ScriptRunner.bytes(followUpKey)};
        return redis.<List<Object>>run(
                        followUp.script, ScriptOutputType.MULTI, properties.redisTimeout(), keys, args(tier))
                .map(result -> new Admission(
                        decision(result),
                        result.size() > 5 && result.get(5) instanceof byte[] value
                                ? Optional.of(value)
                                : Optional.empty()));
    }

    private boolean unlimited(String tier) {
        return properties.limitFor(tier) == 0 && Math.max(0, properties.globalPerMinute()) == 0;
    }

    private byte[][] keys(String keyId) {
        return new byte[][] {
            ScriptRunner.bytes(properties.keyPrefix() + "key:" + keyId),
            ScriptRunner.bytes(properties.keyPrefix() + "global:")
        };
    }

    private byte[][] args(String tier) {
        return new byte[][] {
            ScriptRunner.bytes(String.valueOf(properties.window().toMillis())),
            ScriptRunner.bytes(String.valueOf(properties.limitFor(tier))),
            ScriptRunner.bytes(String.valueOf(Math.max(0, properties.globalPerMinute()))),
            ScriptRunner.bytes(instance + ":" + sequence.incrementAndGet())
        };
    }

    private static Decision decision(List<Object> result) {
        long allowed = ((Number) result.get(0)).longValue();
        int scope = ((Number) result.get(1)).intValue();
        return new Decision(
                allowed == 1,
                scope == 1 ? Scope.KEY : scope == 2 ? Scope.GLOBAL : Scope.NONE,
                ((Number) result.get(2)).longValue(),
                Math.max(0, ((Number) result.get(3)).longValue()),
                Math.max(0, ((Number) result.get(4)).longValue()));
    }
}
