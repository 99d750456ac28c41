package dev.agentplatform.gateway.ratelimit;

import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.support.redis.Scripts;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks Redis, in one script call, whether a caller may make one more request now, and counts it
 * against the user's limit (shared by all of the user's keys), the key's own limit when it has one,
 * and the global limit. A
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
        /** The user's limit, across all of the user's keys (the tier's requests per window). */
        USER,
        /** The key's own limit, set when it was issued. */
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
    private static final byte[] ZERO = ScriptRunner.bytes("0");

    // read once as text: a resource-backed script checks the jar for changes on every call
    private final ScriptRunner.Script script = ScriptRunner.Script.of(CHECK);

    private final ScriptRunner redis;
    private final RateLimitProperties properties;
    private final String instance = Long.toHexString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
    private final AtomicLong sequence = new AtomicLong();

    // arguments the same for every request, encoded once
    private final byte[] globalPrefix;
    private final byte[] window;
    private final byte[] globalLimit;

    RateLimiter(ScriptRunner redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
        this.globalPrefix = ScriptRunner.bytes(properties.keyPrefix() + "global:");
        this.window = ScriptRunner.bytes(String.valueOf(properties.window().toMillis()));
        this.globalLimit = ScriptRunner.bytes(String.valueOf(Math.max(0, properties.globalPerMinute())));
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

    /** Checks and, when allowed, counts one request of {@code caller}. */
    public Mono<Decision> check(Caller caller) {
        if (unlimited(caller)) {
            return Mono.just(new Decision(true, Scope.NONE, 0, 0, 0));
        }
        return redis.<List<Object>>run(
                        script, ScriptOutputType.MULTI, properties.redisTimeout(), keys(caller), args(caller))
                .map(RateLimiter::decision);
    }

    /**
     * Like {@link #check}, and when the request is admitted, runs {@code followUp} on
     * {@code followUpKey} in the same round trip.
     */
    public Mono<Admission> checkThen(Caller caller, FollowUp followUp, String followUpKey) {
        // without limits for the caller the check returns at once and the follow-up still runs
        byte[][] limitKeys = keys(caller);
        byte[][] keys = {limitKeys[0], limitKeys[1], limitKeys[2], ScriptRunner.bytes(followUpKey)};
        return redis.<List<Object>>run(
                        followUp.script, ScriptOutputType.MULTI, properties.redisTimeout(), keys, args(caller))
                .map(result -> new Admission(
                        decision(result),
                        result.size() > 5 && result.get(5) instanceof byte[] value
                                ? Optional.of(value)
                                : Optional.empty()));
    }

    private boolean unlimited(Caller caller) {
        return properties.limitFor(caller.tier()) == 0
                && caller.requestsPerMinute() == 0
                && Math.max(0, properties.globalPerMinute()) == 0;
    }

    /** The user's log, the global prefix, and the key's own log (the user's again when it has no limit). */
    private byte[][] keys(Caller caller) {
        byte[] user = ScriptRunner.bytes(properties.keyPrefix() + "user:" + caller.userId());
        return new byte[][] {
            user,
            globalPrefix,
            caller.requestsPerMinute() > 0 ? ScriptRunner.bytes(properties.keyPrefix() + "key:" + caller.keyId()) : user
        };
    }

    private byte[][] args(Caller caller) {
        return new byte[][] {
            window,
            ScriptRunner.bytes(String.valueOf(properties.limitFor(caller.tier()))),
            globalLimit,
            ScriptRunner.bytes(instance + ":" + sequence.incrementAndGet()),
            caller.requestsPerMinute() > 0 ? ScriptRunner.bytes(String.valueOf(caller.requestsPerMinute())) : ZERO
        };
    }

    private static Decision decision(List<Object> result) {
        long allowed = ((Number) result.get(0)).longValue();
        int scope = ((Number) result.get(1)).intValue();
        return new Decision(
                allowed == 1,
                switch (scope) {
                    case 1 -> Scope.USER;
                    case 2 -> Scope.GLOBAL;
                    case 3 -> Scope.KEY;
                    default -> Scope.NONE;
                },
                ((Number) result.get(2)).longValue(),
                Math.max(0, ((Number) result.get(3)).longValue()),
                Math.max(0, ((Number) result.get(4)).longValue()));
    }
}
