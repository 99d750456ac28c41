package dev.agentplatform.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Issued keys in Redis, shared by every gateway instance. Only the SHA-256 of a secret is stored
 * (the secrets are 256 random bits, so a plain digest is as good as a slow hash here). Each instance
 * remembers what it read for at most {@link KeyStoreProperties#cacheTtl()}, so a revoked key stops
 * working everywhere within that time without a Redis round trip on every request.
 */
@Component
public class KeyStore {

    private static final String SECRET_PREFIX = "ap-";
    private static final int MAX_CACHED = 100_000;

    private record Cached(Optional<StoredKey> key, long loadedAt) {}

    /** A newly issued key; {@code key} is the secret, shown once. */
    public record IssuedKey(String id, String key, StoredKey stored) {}

    private final ReactiveStringRedisTemplate redis;
    private final KeyStoreProperties properties;
    private final long ttlNanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    KeyStore(ReactiveStringRedisTemplate redis, KeyStoreProperties properties) {
        this.redis = redis;
        this.properties = properties;
        this.ttlNanos = properties.cacheTtl().toNanos();
    }

    /** The stored key for a presented secret, if there is one (expired or not). */
    public Mono<Optional<StoredKey>> find(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return Mono.just(Optional.empty());
        }
        String digest = digest(secret);
        Cached cached = cache.get(digest);
        long now = System.nanoTime();
        if (cached != null && now - cached.loadedAt() < ttlNanos) {
            return Mono.just(cached.key());
        }
        return redis.<String, String>opsForHash()
                .entries(secretKey(digest))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(KeyStore::parse)
                .timeout(properties.redisTimeout())
                .doOnNext(found -> remember(digest, found, now));
    }

    /** Issues a key: a new random secret whose digest is stored with its user and tier. */
    public Mono<IssuedKey> issue(String userId, String tier, Instant expiresAt, Set<String> allowedModels) {
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] idBytes = new byte[9];
        random.nextBytes(idBytes);
        String id = "key_" + HexFormat.of().formatHex(idBytes);
        StoredKey stored = new StoredKey(id, userId, tier, expiresAt, allowedModels);
        String digest = digest(secret);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("userId", userId);
        fields.put("tier", tier);
        fields.put("expiresAt", expiresAt == null ? "" : expiresAt.toString());
        fields.put("allowedModels", String.join("\n", stored.allowedModels()));
        return redis.opsForValue()
                .set(idKey(id), digest)
                .then(redis.<String, String>opsForHash().putAll(secretKey(digest), fields))
                .timeout(properties.redisTimeout())
                .thenReturn(new IssuedKey(id, secret, stored));
    }

    /** Revokes a key by id; false when there is no such key. */
    public Mono<Boolean> revoke(String id) {
        return redis.opsForValue()
                .getAndDelete(idKey(id))
                .flatMap(digest -> redis.delete(secretKey(digest)).doOnNext(n -> cache.remove(digest)))
                .map(deleted -> true)
                .defaultIfEmpty(false)
                .timeout(properties.redisTimeout());
    }

    private void remember(String digest, Optional<StoredKey> found, long loadedAt) {
        if (cache.size() >= MAX_CACHED) {
            // crude but bounded: a flood of random keys must not grow the heap
            cache.clear();
        }
        cache.put(digest, new Cached(found, loadedAt));
    }

    private static Optional<StoredKey> parse(Map<String, String> fields) {
        if (fields.isEmpty() || fields.get("userId") == null) {
            return Optional.empty();
        }
        String expires = fields.getOrDefault("expiresAt", "");
        String models = fields.getOrDefault("allowedModels", "");
        return Optional.of(new StoredKey(
                fields.get("id"),
                fields.get("userId"),
                fields.get("tier"),
                expires.isEmpty() ? null : Instant.parse(expires),
                models.isEmpty() ? Set.of() : Arrays.stream(models.split("\n")).collect(Collectors.toSet())));
    }

    private String secretKey(String digest) {
        return properties.keyPrefix() + "secret:" + digest;
    }

    private String idKey(String id) {
        return properties.keyPrefix() + "id:" + id;
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
