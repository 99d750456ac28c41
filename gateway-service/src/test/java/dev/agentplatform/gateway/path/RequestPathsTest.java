package dev.agentplatform.gateway.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.support.PlatformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

    @Test
    void aPlainPathIsReturnedAsTheSameInstance() {
        String path = "/v1/chat/completions";
        assertThat(RequestPaths.normalize(path)).isSameAs(path);
        assertThat(RequestPaths.normalize("/")).isEqualTo("/");
        assertThat(RequestPaths.normalize("/v1/agents/")).isEqualTo("/v1/agents/");
    }

    @ParameterizedTest
    @CsvSource({
        "/%61dmin/v1/keys, /admin/v1/keys",
        "/v1/%61%67ents, /v1/agents",
        "/v1/%41gents, /v1/Agents",
        "/v1/tasks/a%2Db%5F%7E, /v1/tasks/a-b_~",
        // not unreserved: kept encoded, hex digits in upper case
        "/v1/tasks/a%3ab, /v1/tasks/a%3Ab",
        "/v1/tasks/a%40b, /v1/tasks/a%40b"
    })
    void decodesUnreservedCharactersAndKeepsOtherEncodings(String raw, String canonical) {
        assertThat(RequestPaths.normalize(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "admin/v1/keys",
                "/admin;x/v1/keys",
                "/admin/v1/keys;",
                "/v1/agents;x",
                "/admin%3bx/v1/keys",
                "/admin%2fv1%2fkeys",
                "/admin%2Fv1/keys",
                "/admin%5cv1/keys",
                "/admin\\v1/keys",
                "/admin/v1/%2e%2e/keys",
                "/%2e/admin",
                "/admin/v1/keys%2e",
                "/%2561dmin/v1/keys",
                "//admin/v1/keys",
                "/admin//v1/keys",
                "/admin/v1/keys//",
                "/./admin/v1/keys",
                "/v1/../admin/v1/keys",
                "/admin/v1/keys/.",
                "/admin/v1/keys/..",
                "/admin/v1/ke%",
                "/admin/v1/ke%6",
                "/admin/v1/ke%zz",
                "/admin/v1/ke%\u0663\u0663",
                "/admin/v1/keys%00",
                "/admin/v1/keys%09",
                "/admin/v1/keys%20",
                "/admin/v1/keys%7f",
                "/admin/v1/keys%c3%a9",
                "/admin/v1/k\u00e9ys",
                "/admin/v1/keys\t",
                "/admin/v1/keys\u0000"
            })
    void refusesAmbiguousSpellings(String raw) {
        assertThatThrownBy(() -> RequestPaths.normalize(raw))
                .isInstanceOfSatisfying(
                        PlatformException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400));
    }

    @Test
    void keepsDotsInsideNamesAndThreeDotSegments() {
        assertThat(RequestPaths.normalize("/v1/agents/gpt-4.1")).isEqualTo("/v1/agents/gpt-4.1");
        assertThat(RequestPaths.normalize("/v1/.../x")).isEqualTo("/v1/.../x");
    }
}
