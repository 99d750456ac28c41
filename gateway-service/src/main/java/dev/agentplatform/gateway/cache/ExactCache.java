package dev.agentplatform.gateway.cache;

import dev.agentplatform.gateway.ratelimit.RateLimiter;
import dev.agentplatform.gateway.ratelimit.ScriptRunner;
import dev.agentplatform.support.redis.Scripts;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Ready answers in Redis under the SHA-256 of the tenant scope and the canonical request. A cache
 * that cannot be reached is a miss, never an error: the answer then comes from the agents.
 */
@Component
public class ExactCache {

    /** The scope of answers an operator has marked as shared between tenants. */
    public static final String SHARED_SCOPE = "shared";

    private static final Logger log = LoggerFactory.getLogger(ExactCache.class);

    // read once as text: a resource-backed script checks the jar for changes on every call
    private final RedisScript<byte[]> get = Scripts.script("cache/get.lua", byte[].class);
    private final RedisScript<Long> put = Scripts.script("cache/put.lua", Long.class);
    private static final String GET_RAW = Scripts.load("cache/get-raw.lua");
    private final ScriptRunner.Script getRaw = ScriptRunner.Script.of(GET_RAW);
    private final RateLimiter.FollowUp rawAfterLimits = RateLimiter.followedBy(GET_RAW);

    /**
     * Reactor context key under which {@link ExactHitFilter} leaves a holder that {@link #put} and a
     * hit of {@link #get} fill with the canonical key, so the raw-body key can be linked to it.
     */
    static final String STORED_KEY = ExactCache.class.getName() + ".storedKey";

    private final ReactiveRedisTemplate<String, byte[]> redis;
    private final ScriptRunner scripts;
    private final CacheProperties properties;
    private final byte[] ttlMillis;

    private final String rawPrefix;

    ExactCache(ReactiveRedisConnectionFactory connections, ScriptRunner scripts, CacheProperties properties) {
        this.scripts = scripts;
        this.redis = new ReactiveRedisTemplate<>(
                connections,
                RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
                        .value(RedisSerializer.byteArray())
                        .hashKey(RedisSerializer.string())
                        .hashValue(RedisSerializer.byteArray())
                        .build());
        this.properties = properties;
        String prefix = properties.keyPrefix();
        this.rawPrefix = (prefix.endsWith("exact:") ? prefix.substring(0, prefix.length() - "exact:".length()) : prefix)
                + "raw:";
        this.ttlMillis = String.valueOf(properties.ttl().toMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the cache is in use. */
    public boolean enabled() {
        return properties.enabled();
    }

    /** Whose answers a request may see: its user's, or everyone's for a shared model. */
    public String scope(String userId, String model) {
        return properties.shared(model) ? SHARED_SCOPE : "user:" + userId;
    }

    /** The entry key for a request in a scope; {@code canonicalRequest} must be canonical JSON. */
    public String key(String scope, byte[] canonicalRequest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(scope.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(canonicalRequest);
            return properties.keyPrefix() + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The cached answer under {@code key}, counting the hit; empty on a miss or without Redis. */
    public Mono<Optional<CachedAnswer>> get(String key) {
        return redis.execute(get, List.of(key), List.of())
                .next()
                .timeout(properties.redisTimeout())
                .map(stored -> Optional.ofNullable(CachedAnswer.decode(stored)))
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> {
                    log.debug("exact cache lookup failed: {}", e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(found -> found.isEmpty()
                        ? Mono.just(found)
                        : Mono.deferContextual(context -> {
                            // a hit of differently written bytes: their raw-body key can lead here too
                            context.<AtomicReference<String>>getOrEmpty(STORED_KEY)
                                    .ifPresent(stored -> stored.set(key));
                            return Mono.just(found);
                        }));
    }

    /** Stores an answer; completes quietly when Redis cannot be reached or the answer is too big. */
    public Mono<Void> put(String key, CachedAnswer answer) {
        if (answer.body().length > properties.maxEntrySize().toBytes()) {
            return Mono.empty();
        }
        return redis.execute(put, List.of(key), List.of(answer.encode(), ttlMillis))
                .then(Mono.deferContextual(context -> {
                    context.<AtomicReference<String>>getOrEmpty(STORED_KEY).ifPresent(stored -> stored.set(key));
                    return Mono.<Void>empty();
                }))
                .timeout(properties.redisTimeout())
                .onErrorResume(e -> {
                    log.debug("exact cache store failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    /**
     * The raw-body key of a request: the SHA-256 of everything the pipeline's verdict on it depends
     * on (the caller's key, user and tier, the request headers that steer it, the exact body bytes).
     */
    String rawKey(List<String> scope, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : scope) {
                if (part != null) {
                    sha.update(part.getBytes(StandardCharsets.UTF_8));
                }
                sha.update((byte) 0);
            }
            sha.update(body);
            return rawPrefix + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The answer linked to a raw-body key, counting the hit on its entry; empty on a miss or without Redis. */
    Mono<Optional<CachedAnswer>> getRaw(String rawKey) {
        return scripts.<byte[]>run(getRaw, ScriptOutputType.VALUE, properties.redisTimeout(), new byte[][] {
                    ScriptRunner.bytes(rawKey)
                })
                .map(stored -> Optional.ofNullable(CachedAnswer.decode(stored)))
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> {
                    log.debug("exact cache raw lookup failed: {}", e.toString());
                    return Mono.just(Optional.empty());
                });
    }

    /** The raw-body lookup as a follow-up of the rate-limit check, for one round trip on the fast path. */
    RateLimiter.FollowUp rawAfterLimits() {
        return rawAfterLimits;
    }

    /** Links a raw-body key to the canonical entry just stored, for as long as that entry lives. */
    Mono<Void> link(String rawKey, String canonicalKey) {
        return redis.opsForValue()
                .set(rawKey, canonicalKey.getBytes(StandardCharsets.UTF_8), properties.ttl())
                .then()
                .timeout(properties.redisTimeout())
                .onErrorResume(e -> {
                    log.debug("exact cache raw link failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** How often the entry under {@code key} was served; 0 when there is none. */
    public Mono<Long> hits(String key) {
        return redis.<String, byte[]>opsForHash()
                .get(key, "hits")
                .map(v -> Long.parseLong(new String(v, StandardCharsets.US_ASCII)))
                .defaultIfEmpty(0L);
    }
}
