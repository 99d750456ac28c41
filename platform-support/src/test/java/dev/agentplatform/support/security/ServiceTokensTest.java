package dev.agentplatform.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.agentplatform.common.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ServiceTokensTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final ServiceTokens gateway = tokens("gateway-service", SECRET);
    private final ServiceTokens router = tokens("router-service", SECRET);

    private ServiceTokens tokens(String service, String secret) {
        return new ServiceTokens(service, secret, Duration.ofSeconds(60), Duration.ofSeconds(30), clock);
    }

    /** Tokens of {@code service} with the test secret, on the system clock. */
    static ServiceTokens tokensOf(String service) {
        return new ServiceTokens(service, SECRET, Duration.ofSeconds(60), Duration.ofSeconds(30), Clock.systemUTC());
    }

    @Test
    void aTokenOfOneServiceNamesItsServiceAndUserToAnother() {
        ServiceCaller caller = router.verify(gateway.issue("alice", "pro", false));

        assertThat(caller).isEqualTo(new ServiceCaller("gateway-service", "alice", "pro", false));
    }

    @Test
    void onlyTheAdminTokenCarriesTheAdminsAuthority() {
        assertThat(router.verify(gateway.issue("admin", "admin", true)).admin()).isTrue();
        assertThat(router.verify(gateway.issue("admin", "admin", false)).admin())
                .isFalse();
        assertThat(router.verify(gateway.issue()).userId()).isNull();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        ServiceTokens stranger = tokens("gateway-service", "another-secret-of-at-least-32-bytes!!");

        assertThatThrownBy(() -> router.verify(stranger.issue("alice", "pro", false)))
                .isInstanceOf(ServiceTokenException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void anExpiredTokenIsRefusedEvenAfterItWasVerifiedOnce() {
        String token = gateway.issue("alice", "pro", false);
        router.verify(token);

        clock.advance(Duration.ofSeconds(60 + 31));

        assertThatThrownBy(() -> router.verify(token))
                .isInstanceOf(ServiceTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenIsReusedForHalfItsLifeThenRenewed() {
        String first = gateway.issue("alice", "pro", false);
        clock.advance(Duration.ofSeconds(29));
        assertThat(gateway.issue("alice", "pro", false)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(2));
        String renewed = gateway.issue("alice", "pro", false);

        assertThat(renewed).isNotEqualTo(first);
        assertThat(router.verify(renewed).userId()).isEqualTo("alice");
    }

    @Test
    void unsignedMalformedAndOverlongTokensAreRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("gateway-service")
                .subject("admin")
                .claim("adm", true)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(60)))
                .build();
        String unsigned = new PlainJWT(new PlainHeader(), claims).serialize();
        assertThatThrownBy(() -> router.verify(unsigned)).isInstanceOf(ServiceTokenException.class);
        assertThatThrownBy(() -> router.verify("not.a.token")).isInstanceOf(ServiceTokenException.class);
        assertThatThrownBy(() -> router.verify("")).isInstanceOf(ServiceTokenException.class);
        assertThatThrownBy(() -> router.verify(null)).isInstanceOf(ServiceTokenException.class);

        // signed with the right secret but valid for a year: not a credential any service issues
        SignedJWT forever = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .issuer("gateway-service")
                        .subject("alice")
                        .issueTime(Date.from(NOW))
                        .expirationTime(Date.from(NOW.plus(Duration.ofDays(365))))
                        .build());
        forever.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> router.verify(forever.serialize()))
                .isInstanceOf(ServiceTokenException.class)
                .hasMessageContaining("lifetime");
    }

    @Test
    void theIdentityHeadersOfAnOutboundCallGoIntoTheTokenAndNotOnTheWire() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(Headers.USER_ID, "bob");
        headers.set(Headers.USER_TIER, "free");

        String token = gateway.issueFor(headers);

        assertThat(headers.containsHeader(Headers.USER_ID)).isFalse();
        assertThat(headers.containsHeader(Headers.USER_TIER)).isFalse();
        assertThat(router.verify(token)).isEqualTo(new ServiceCaller("gateway-service", "bob", "free", false));
    }

    @Test
    void whatActForNamesIsWhatTheCredentialCarriesAndAnUnknownPartIsLeftOut() {
        HttpHeaders headers = new HttpHeaders();
        ServiceTokens.actFor(headers, "bob", "pro", "key_1", "team-a");
        String token = gateway.issueFor(headers);
        assertThat(router.verify(token))
                .isEqualTo(new ServiceCaller("gateway-service", "bob", "pro", "key_1", "team-a", false));

        HttpHeaders partial = new HttpHeaders();
        ServiceTokens.actFor(partial, "bob", null, null, null);
        assertThat(partial.headerNames()).containsExactly(Headers.USER_ID);
    }

    @Test
    void aMissingOrShortSecretStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> tokens("x", null)).hasMessageContaining("PLATFORM_INTERNAL_SECRET");
        assertThatThrownBy(() -> tokens("x", "short")).hasMessageContaining("at least 32 bytes");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

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
}
