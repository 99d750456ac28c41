package dev.agentplatform.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.Headers;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AnonymousAccessTest {

    private static final List<AnonymousAccess.Endpoint> ENDPOINTS = List.of(
            AnonymousAccess.Endpoint.of("GET", "/v1/things"),
            AnonymousAccess.Endpoint.of("POST", "/v1/things/[a-z]+/call"));

    private final AnonymousAccess access = new AnonymousAccess(true, "anon", "free", ENDPOINTS);
    private final ServiceTokens tokens = ServiceTokensTest.tokensOf("gateway-service");
    private final ServiceAuthenticationFilter filter = new ServiceAuthenticationFilter(tokens, access);

    private static MockHttpServletRequest request(String method, String path, String remote) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(remote);
        return request;
    }

    @Test
    void admitsACallThatClaimsNobodyFromLoopbackToAListedEndpoint() {
        for (String remote : List.of("127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "[::1]")) {
            assertThat(access.admit(request("GET", "/v1/things", remote)))
                    .as(remote)
                    .contains(ServiceCaller.anonymous("anon", "free"));
        }
        assertThat(access.admit(request("POST", "/v1/things/db/call", "127.0.0.1")))
                .isPresent();
    }

    @Test
    void refusesEveryCallFromAnAddressOtherThanLoopback() {
        for (String remote : List.of("10.0.0.7", "192.168.1.2", "::ffff:10.0.0.1", "fe80::1", "", "localhost")) {
            assertThat(access.admit(request("GET", "/v1/things", remote)))
                    .as(remote)
                    .isEmpty();
        }
    }

    @Test
    void refusesACallThatClaimsAnIdentityOrWasRelayed() {
        for (String header : List.of(
                Headers.USER_ID,
                Headers.USER_TIER,
                Headers.API_KEY,
                HttpHeaders.AUTHORIZATION,
                HttpHeaders.PROXY_AUTHORIZATION,
                HttpHeaders.COOKIE,
                "X-Forwarded-For",
                "Forwarded",
                "X-Real-IP")) {
            MockHttpServletRequest request = request("GET", "/v1/things", "127.0.0.1");
            request.addHeader(header, "");
            assertThat(access.admit(request)).as(header).isEmpty();
        }
    }

    @Test
    void refusesOtherEndpointsMethodsAndOddSpellings() {
        for (String[] call : List.of(
                new String[] {"POST", "/v1/things"},
                new String[] {"GET", "/v1/things/db/call"},
                new String[] {"GET", "/v1/things/"},
                new String[] {"GET", "/v1/things;x"},
                new String[] {"GET", "//v1/things"},
                new String[] {"POST", "/v1/things/%64b/call"},
                new String[] {"POST", "/v1/things/../things/db/call"},
                new String[] {"GET", "/admin/v1/things"})) {
            assertThat(access.admit(request(call[0], call[1], "127.0.0.1")))
                    .as(call[0] + " " + call[1])
                    .isEmpty();
        }
    }

    @Test
    void admitsNothingWhenDisabled() {
        AnonymousAccess disabled = new AnonymousAccess(false, "anon", "free", ENDPOINTS);

        assertThat(disabled.admit(request("GET", "/v1/things", "127.0.0.1"))).isEmpty();
    }

    @Test
    void theFilterServesAnAdmittedCallAsTheAnonymousUser() throws Exception {
        AtomicReference<HttpServletRequest> passed = new AtomicReference<>();

        filter.doFilter(
                request("GET", "/v1/things", "127.0.0.1"),
                new MockHttpServletResponse(),
                (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get()).isNotNull();
        assertThat(passed.get().getHeader(Headers.USER_ID)).isEqualTo("anon");
        assertThat(passed.get().getHeader(Headers.USER_TIER)).isEqualTo("free");
        assertThat(ServiceCaller.of(passed.get()).orElseThrow().anonymous()).isTrue();
    }

    @Test
    void theFilterRefusesAClaimedUserWithoutACredentialAndACallFromElsewhere() throws Exception {
        MockHttpServletRequest claimed = request("GET", "/v1/things", "127.0.0.1");
        claimed.addHeader(Headers.USER_ID, "check-victim");
        MockHttpServletRequest remote = request("GET", "/v1/things", "10.1.2.3");
        MockHttpServletRequest badCredential = request("GET", "/v1/things", "127.0.0.1");
        badCredential.addHeader(HttpHeaders.AUTHORIZATION, "Bearer nonsense");

        for (MockHttpServletRequest request : List.of(claimed, remote, badCredential)) {
            AtomicReference<HttpServletRequest> passed = new AtomicReference<>();
            MockHttpServletResponse response = new MockHttpServletResponse();

            filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

            assertThat(passed.get()).isNull();
            assertThat(response.getStatus()).isEqualTo(401);
        }
    }

    @Test
    void aCredentialCanNeverPassForTheAnonymousCaller() {
        String token = ServiceTokensTest.tokensOf(ServiceCaller.ANONYMOUS).issue("anon", "free", false);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(ServiceTokenException.class);
    }
}
