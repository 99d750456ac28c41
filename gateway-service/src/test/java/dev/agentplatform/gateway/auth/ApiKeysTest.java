package dev.agentplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.gateway.auth.ApiKeyProperties.ApiKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(new ApiKeyProperties(
            List.of(new ApiKey("key-of-alice", "alice", "free"), new ApiKey("key-of-bob-1", "bob", "pro")),
            "the-admin-key"));

    @Test
    void aKnownKeyNamesItsUserAndTier() {
        assertThat(keys.user("key-of-bob-1")).contains(new Caller("bob", "pro", false));
        assertThat(keys.user("key-of-alice")).contains(new Caller("alice", "free", false));
    }

    @Test
    void nearMissesAreUnknown() {
        assertThat(keys.user("key-of-bob-")).isEmpty();
        assertThat(keys.user("key-of-bob-12")).isEmpty();
        assertThat(keys.user("KEY-OF-BOB-1")).isEmpty();
        assertThat(keys.user("")).isEmpty();
    }

    @Test
    void theAdminKeyIsNoUserKeyAndNoUserKeyIsAdmin() {
        assertThat(keys.isAdmin("the-admin-key")).isTrue();
        assertThat(keys.user("the-admin-key")).isEmpty();
        assertThat(keys.isAdmin("key-of-bob-1")).isFalse();
    }

    @Test
    void withoutAnAdminKeyNothingIsAdmin() {
        ApiKeys noAdmin = new ApiKeys(new ApiKeyProperties(List.of(), " "));

        assertThat(noAdmin.isAdmin(" ")).isFalse();
        assertThat(noAdmin.isAdmin("")).isFalse();
    }

    @Test
    void theSecretsStayOutOfToString() {
        ApiKeyProperties properties =
                new ApiKeyProperties(List.of(new ApiKey("key-of-alice", "alice", "free")), "the-admin-key");

        assertThat(properties.toString()).doesNotContain("key-of-alice").doesNotContain("the-admin-key");
    }

    @Test
    void theKeyComesFromBearerFirstThenXApiKey() {
        HttpHeaders headers = new HttpHeaders();
        assertThat(ApiKeyAuthenticationFilter.presentedKey(headers)).isNull();

        headers.set("X-API-Key", " from-header ");
        assertThat(ApiKeyAuthenticationFilter.presentedKey(headers)).isEqualTo("from-header");

        headers.set("Authorization", "BEARER from-bearer");
        assertThat(ApiKeyAuthenticationFilter.presentedKey(headers)).isEqualTo("from-bearer");

        headers.set("Authorization", "Basic dXNlcjpwYXNz");
        assertThat(ApiKeyAuthenticationFilter.presentedKey(headers)).isEqualTo("from-header");
    }
}
