package dev.agentplatform.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentplatform.common.Headers;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.springframework.http.HttpHeaders;

/**
 * Issues and verifies the credentials services present to each other: HS256 JWTs signed with the
 * shared secret, naming the calling service ({@code iss}), the user the call acts for ({@code sub},
 * with {@code tier}, and the API key ({@code key}) and its team ({@code team}) the user's request
 * came with) and, for the admin, {@code adm}. They live {@code tokenTtl}; one issued for a
 * user is reused for half of that, and a verified one is remembered until it expires, so neither
 * signing nor checking costs more than a cache lookup per call.
 */
public final class ServiceTokens {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String TIER = "tier";
    private static final String KEY = "key";
    private static final String TEAM = "team";
    private static final String ADMIN = "adm";
    private static final int CACHED = 10_000;

    private final String service;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Duration skew;
    private final Clock clock;
    private final Cache<Identity, Issued> issued;
    private final Cache<String, Verified> verified;

    public ServiceTokens(String service, String secret, Duration ttl, Duration skew, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("platform.security.internal-secret (PLATFORM_INTERNAL_SECRET) is not"
                    + " set: the services cannot authenticate each other. ./platform up generates one; elsewhere set"
                    + " the same random value of at least " + MIN_SECRET_BYTES + " bytes on every service");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("platform.security.internal-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, it has " + key.length);
        }
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable platform.security.internal-secret: " + e.getMessage(), e);
        }
        this.ttl = requirePositive(ttl, "token-ttl");
        this.skew = Objects.requireNonNull(skew, "clock-skew");
        this.clock = clock;
        this.issued = Caffeine.newBuilder()
                .maximumSize(CACHED)
                .expireAfterWrite(ttl.dividedBy(2))
                .build();
        this.verified = Caffeine.newBuilder()
                .maximumSize(CACHED)
                .expireAfterWrite(ttl.plus(skew))
                .build();
    }

    /** The service these tokens are issued by. */
    public String service() {
        return service;
    }

    /**
     * The credential for an outbound call whose code named the user in the identity headers ({@code
     * X-User-Id}, {@code X-User-Tier}, {@code X-Key-Id}, {@code X-User-Team}): those headers are
     * taken out of {@code headers}, since only the credential may carry them.
     */
    public String issueFor(HttpHeaders headers) {
        String userId = headers.getFirst(Headers.USER_ID);
        String tier = headers.getFirst(Headers.USER_TIER);
        String keyId = headers.getFirst(Headers.KEY_ID);
        String team = headers.getFirst(Headers.USER_TEAM);
        headers.remove(Headers.USER_ID);
        headers.remove(Headers.USER_TIER);
        headers.remove(Headers.KEY_ID);
        headers.remove(Headers.USER_TEAM);
        return issue(userId, tier, userId == null ? null : keyId, userId == null ? null : team, false);
    }

    /**
     * Names the user an outbound call acts for in {@code headers}, for {@link ServiceTokenInterceptor}
     * to turn into the credential ({@link #issueFor} takes them out again): the user, and the tier,
     * key and team where known ({@code null} leaves one out).
     */
    public static void actFor(HttpHeaders headers, String userId, String tier, String keyId, String team) {
        headers.set(Headers.USER_ID, userId);
        if (tier != null) {
            headers.set(Headers.USER_TIER, tier);
        }
        if (keyId != null) {
            headers.set(Headers.KEY_ID, keyId);
        }
        if (team != null) {
            headers.set(Headers.USER_TEAM, team);
        }
    }

    /** A credential of this service acting for nobody in particular. */
    public String issue() {
        return issue(null, null, false);
    }

    /**
     * A credential of this service acting for {@code userId} (may be {@code null}) of {@code tier}.
     *
     * @param admin whether the call carries the admin's authority
     */
    public String issue(String userId, String tier, boolean admin) {
        return issue(userId, tier, null, null, admin);
    }

    /**
     * A credential of this service acting for {@code userId} (may be {@code null}) of {@code tier},
     * whose request came with API key {@code keyId} of team {@code team} (each may be {@code null}).
     *
     * @param admin whether the call carries the admin's authority
     */
    public String issue(String userId, String tier, String keyId, String team, boolean admin) {
        Instant now = clock.instant();
        Identity identity = new Identity(userId, tier, keyId, team, admin);
        Issued cached = issued.getIfPresent(identity);
        if (cached != null && cached.renewAt().isAfter(now)) {
            return cached.token();
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(service)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (userId != null) {
            claims.subject(userId);
        }
        if (tier != null) {
            claims.claim(TIER, tier);
        }
        if (keyId != null) {
            claims.claim(KEY, keyId);
        }
        if (team != null) {
            claims.claim(TEAM, team);
        }
        if (admin) {
            claims.claim(ADMIN, true);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a service token", e);
        }
        String token = jwt.serialize();
        issued.put(identity, new Issued(token, now.plus(ttl.dividedBy(2))));
        return token;
    }

    /**
     * The caller a credential names.
     *
     * @throws ServiceTokenException when it is malformed, not signed with the shared secret, or expired
     */
    public ServiceCaller verify(String token) {
        if (token == null || token.isBlank()) {
            throw new ServiceTokenException("no service credential");
        }
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known != null && !known.expiresAt().plus(skew).isBefore(now)) {
            return known.caller();
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new ServiceTokenException("the service credential's signature is not valid");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw new ServiceTokenException("the service credential is malformed", e);
        }
        Date expires = claims.getExpirationTime();
        Date issuedAt = claims.getIssueTime();
        if (expires == null || issuedAt == null || claims.getIssuer() == null) {
            throw new ServiceTokenException("the service credential lacks iss, iat or exp");
        }
        if (ServiceCaller.ANONYMOUS.equals(claims.getIssuer())) {
            throw new ServiceTokenException("no service is called '" + ServiceCaller.ANONYMOUS + "'");
        }
        if (expires.toInstant().plus(skew).isBefore(now)) {
            throw new ServiceTokenException("the service credential has expired");
        }
        if (issuedAt.toInstant().minus(skew).isAfter(now)
                || Duration.between(issuedAt.toInstant(), expires.toInstant()).compareTo(ttl.plus(skew)) > 0) {
            throw new ServiceTokenException("the service credential's lifetime is not acceptable");
        }
        ServiceCaller caller;
        try {
            caller = new ServiceCaller(
                    claims.getIssuer(),
                    claims.getSubject(),
                    claims.getStringClaim(TIER),
                    claims.getStringClaim(KEY),
                    claims.getStringClaim(TEAM),
                    Boolean.TRUE.equals(claims.getBooleanClaim(ADMIN)));
        } catch (ParseException e) {
            throw new ServiceTokenException("the service credential's claims have the wrong types", e);
        }
        verified.put(token, new Verified(caller, expires.toInstant()));
        return caller;
    }

    private static Duration requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("platform.security." + name + " must be positive, was " + value);
        }
        return value;
    }

    private record Identity(String userId, String tier, String keyId, String team, boolean admin) {}

    private record Issued(String token, Instant renewAt) {}

    private record Verified(ServiceCaller caller, Instant expiresAt) {}
}
