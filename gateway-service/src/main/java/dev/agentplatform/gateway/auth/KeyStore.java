package dev.agentplatform.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.redis.Scripts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Issued keys: PostgreSQL ({@link KeyDatabase}) is their source of truth, Redis the cache every
 * instance shares, and each instance remembers what it read for at most
 * {@link KeyStoreProperties#cacheTtl()}. Only the SHA-256 of a secret is stored anywhere (the
 * secrets are 256 random bits, so a plain digest is as good as a slow hash here).
 *
 * <p>A lookup is answered from the instance's memory, else from Redis, else from PostgreSQL
 * (off the event loop), whose answer is written back to Redis: a key found, or a marker that there
 * is none, so a flood of one unknown key does not reach the database. Concurrent lookups of one key
 * share one load. When Redis cannot be asked, PostgreSQL answers.
 *
 * <p>Issuing and revoking write PostgreSQL first. A revocation replaces the Redis entry by a
 * revoked marker (which a refill still in flight on another instance cannot overwrite) and drops
 * the instance's own memory of the key, so it takes effect here at once and on every other
 * instance within {@code cache-ttl}.
 */
@Component
public class KeyStore {

    private static final Logger log = LoggerFactory.getLogger(KeyStore.class);

    private static final String SECRET_PREFIX = "ap-";
    private static final String STATE = "state";
    private static final String ACTIVE = "active";
    private static final String MISSING = "missing";

    /** A newly issued key; {@code key} is the secret, shown once. */
    public record IssuedKey(String id, String key, StoredKey stored) {}

    private final ReactiveStringRedisTemplate redis;
    private final KeyDatabase database;
    private final KeyStoreProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final AsyncCache<String, Optional<StoredKey>> cache;
    private final RedisScript<Long> put = Scripts.script("keys/put.lua", Long.class);

    KeyStore(ReactiveStringRedisTemplate redis, KeyDatabase database, KeyStoreProperties properties) {
        this.redis = redis;
        this.database = database;
        this.properties = properties;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                // bounded: a flood of random keys must not grow the heap
                .maximumSize(100_000)
                .buildAsync();
    }

    /** The stored key for a presented secret, if there is one (expired or not). */
    public Mono<Optional<StoredKey>> find(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return Mono.just(Optional.empty());
        }
        String digest = digest(secret);
        CompletableFuture<Optional<StoredKey>> known = cache.getIfPresent(digest);
        if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
            return Mono.just(known.join());
        }
        // one load per key at a time; a failed load is not remembered
        return Mono.fromFuture(() -> cache.get(digest, (d, executor) -> load(d).toFuture()), true);
    }

    /** Issues a key: a new random secret whose digest is stored with its user, tier, limits and team. */
    public Mono<IssuedKey> issue(
            String userId,
            String tier,
            Instant expiresAt,
            Set<String> allowedModels,
            int requestsPerMinute,
            String team) {
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] idBytes = new byte[9];
        random.nextBytes(idBytes);
        String id = "key_" + HexFormat.of().formatHex(idBytes);
        StoredKey stored = new StoredKey(id, userId, tier, expiresAt, allowedModels, requestsPerMinute, team);
        String digest = digest(secret);
        return Mono.fromRunnable(() -> database.insert(digest, stored))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.databaseTimeout())
                .onErrorMap(e -> !(e instanceof PlatformException), e -> {
                    log.warn("key for user {} not issued: {}", userId, e.toString());
                    return unavailable("Keys cannot be issued right now; try again shortly");
                })
                // the database has it; the cache entry only saves the first lookup a trip there
                .then(write("set", digest, stored).onErrorResume(e -> Mono.empty()))
                .thenReturn(new IssuedKey(id, secret, stored));
    }

    /**
     * Revokes a key by id; false when there is no active key with that id. A 503 problem when the
     * database cannot be asked, or when the key is revoked there but its Redis entry could not be
     * replaced (repeating the request clears it, and then answers false).
     */
    public Mono<Boolean> revoke(String id) {
        return Mono.fromCallable(() -> database.revoke(id))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.databaseTimeout())
                .onErrorMap(e -> !(e instanceof PlatformException), e -> {
                    log.warn("key {} not revoked: {}", id, e.toString());
                    return unavailable("Keys cannot be revoked right now; try again shortly");
                })
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.just(false);
                    }
                    String digest = found.get().digest();
                    cache.synchronous().invalidate(digest);
                    return write("set", digest, null)
                            .onErrorMap(
                                    e -> unavailable(
                                            "The key is revoked, but not every gateway instance may know yet; repeat the request"))
                            .thenReturn(found.get().wasActive());
                });
    }

    /** Redis, else (on a miss) PostgreSQL and a refill; PostgreSQL alone when Redis fails. */
    private Mono<Optional<StoredKey>> load(String digest) {
        return redis.<String, String>opsForHash()
                .entries(secretKey(digest))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .timeout(properties.redisTimeout())
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.debug("issued keys not readable from Redis, asking PostgreSQL: {}", e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(cached -> {
                    if (cached.isPresent() && !cached.get().isEmpty()) {
                        return Mono.just(parse(cached.get()));
                    }
                    boolean redisAnswered = cached.isPresent();
                    return fromDatabase(digest)
                            .flatMap(found -> redisAnswered
                                    ? write("nx", digest, found.orElse(null))
                                            .onErrorResume(e -> Mono.empty())
                                            .thenReturn(found)
                                    : Mono.just(found));
                });
    }

    private Mono<Optional<StoredKey>> fromDatabase(String digest) {
        return Mono.fromCallable(() -> database.findActive(digest))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.databaseTimeout());
    }

    /**
     * Writes the Redis entry of a digest: the key, or ({@code key == null}) the marker that there is
     * no active key. {@code mode} is {@code set} (replace) or {@code nx} (only where there is none).
     */
    private Mono<Void> write(String mode, String digest, StoredKey key) {
        List<String> args = new ArrayList<>();
        args.add(mode);
        if (key == null) {
            args.add(String.valueOf(properties.missingTtl().toMillis()));
            args.add(STATE);
            args.add(MISSING);
        } else {
            args.add(String.valueOf(properties.redisTtl().toMillis()));
            args.addAll(List.of(
                    STATE,
                    ACTIVE,
                    "id",
                    key.id(),
                    "userId",
                    key.userId(),
                    "tier",
                    key.tier(),
                    "expiresAt",
                    key.expiresAt() == null ? "" : key.expiresAt().toString(),
                    "allowedModels",
                    String.join("\n", key.allowedModels()),
                    "requestsPerMinute",
                    String.valueOf(key.requestsPerMinute()),
                    "team",
                    key.team() == null ? "" : key.team()));
        }
        return redis.execute(put, List.of(secretKey(digest)), args)
                .timeout(properties.redisTimeout())
                .then();
    }

    private static Optional<StoredKey> parse(Map<String, String> fields) {
        if (!ACTIVE.equals(fields.get(STATE)) || fields.get("userId") == null) {
            return Optional.empty();
        }
        String expires = fields.getOrDefault("expiresAt", "");
        String models = fields.getOrDefault("allowedModels", "");
        return Optional.of(new StoredKey(
                fields.get("id"),
                fields.get("userId"),
                fields.get("tier"),
                expires.isEmpty() ? null : Instant.parse(expires),
                models.isEmpty() ? Set.of() : Arrays.stream(models.split("\n")).collect(Collectors.toSet()),
                Integer.parseInt(fields.getOrDefault("requestsPerMinute", "0")),
                fields.getOrDefault("team", "").isEmpty() ? null : fields.get("team")));
    }

    private static PlatformException unavailable(String detail) {
        return new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Service unavailable", detail)
                .header(HttpHeaders.RETRY_AFTER, "5");
    }

    private String secretKey(String digest) {
        return properties.keyPrefix() + "secret:" + digest;
    }

    static String digest(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
