package dev.agentplatform.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Looks keys up in time independent of where, or whether, they match: every configured key is
 * compared, and the comparison is over fixed-length digests so a key's length does not leak either.
 */
final class ApiKeys {

    private record Entry(byte[] digest, Caller caller) {}

    private final List<Entry> users;
    private final byte[] admin;

    ApiKeys(ApiKeyProperties properties) {
        this.users = properties.keys().stream()
                .map(k -> new Entry(digest(k.key()), new Caller(k.userId(), k.tier(), false)))
                .toList();
        String adminKey = properties.adminKey();
        this.admin = adminKey == null || adminKey.isBlank() ? null : digest(adminKey);
    }

    /** The user whose key this is. */
    Optional<Caller> user(String presented) {
        byte[] candidate = digest(presented);
        Caller found = null;
        for (Entry entry : users) {
            // no early exit: the time taken must not tell how far down the list the key is
            if (MessageDigest.isEqual(candidate, entry.digest()) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether this is the admin key; never true when no admin key is configured. */
    boolean isAdmin(String presented) {
        return admin != null && MessageDigest.isEqual(digest(presented), admin);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
