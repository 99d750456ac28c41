package dev.agentplatform.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.Headers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ServiceAuthenticationFilterTest {

    private final ServiceTokens tokens = new ServiceTokens(
            "gateway-service",
            ServiceTokensTest.SECRET,
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            Clock.systemUTC());
    private final ServiceAuthenticationFilter filter = new ServiceAuthenticationFilter(tokens);

    @Test
    void aCallWithoutACredentialIsAProblem401AndGoesNoFurther() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/agents");
        request.addHeader(Headers.USER_ID, "victim");
        AtomicReference<HttpServletRequest> passed = new AtomicReference<>();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(response.getContentAsString()).contains("\"status\":401", "service credential");
    }

    @Test
    void aForgedUserHeaderBesideAValidCredentialIsReplacedByTheCredentialsUser() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/usage");
        request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.issue("alice", "pro", false));
        request.addHeader(Headers.USER_ID, "victim");
        request.addHeader(Headers.USER_TIER, "enterprise");
        AtomicReference<HttpServletRequest> passed = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set((HttpServletRequest) req));

        HttpServletRequest seen = passed.get();
        assertThat(seen.getHeader(Headers.USER_ID)).isEqualTo("alice");
        assertThat(seen.getHeader("x-user-tier")).isEqualTo("pro");
        assertThat(Collections.list(seen.getHeaders(Headers.USER_ID))).containsExactly("alice");
        assertThat(Collections.list(seen.getHeaderNames()).stream()
                        .filter(Headers.USER_ID::equalsIgnoreCase)
                        .count())
                .isEqualTo(1);
        assertThat(ServiceCaller.of(seen)).contains(new ServiceCaller("gateway-service", "alice", "pro", false));
    }

    @Test
    void theKeyAndTeamHeadersAreTheCredentialsAndAForgedPairIsDropped() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/executions");
        request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.issue("alice", "pro", "key_1", "data", false));
        request.addHeader(Headers.KEY_ID, "key_of_someone_else");
        request.addHeader(Headers.USER_TEAM, "other-team");
        AtomicReference<HttpServletRequest> passed = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set((HttpServletRequest) req));

        HttpServletRequest seen = passed.get();
        assertThat(Collections.list(seen.getHeaders(Headers.KEY_ID))).containsExactly("key_1");
        assertThat(seen.getHeader("x-user-team")).isEqualTo("data");
        assertThat(ServiceCaller.of(seen))
                .contains(new ServiceCaller("gateway-service", "alice", "pro", "key_1", "data", false));

        MockHttpServletRequest keyless = new MockHttpServletRequest("POST", "/v1/executions");
        keyless.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.issue("alice", "pro", false));
        keyless.addHeader(Headers.KEY_ID, "key_of_someone_else");
        filter.doFilter(keyless, new MockHttpServletResponse(), (req, res) -> passed.set((HttpServletRequest) req));
        assertThat(passed.get().getHeader(Headers.KEY_ID)).isNull();
        assertThat(Collections.list(passed.get().getHeaderNames())).noneMatch(Headers.KEY_ID::equalsIgnoreCase);
    }

    @Test
    void aCredentialWithoutAUserLeavesNoUserAtAll() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/capabilities");
        request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.issue());
        request.addHeader(Headers.USER_ID, "victim");
        AtomicReference<HttpServletRequest> passed = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get().getHeader(Headers.USER_ID)).isNull();
    }

    @Test
    void healthAndMetricsStayOpenOnlyWhenSpelledPlainly() throws Exception {
        for (String open : new String[] {"/actuator/health/readiness", "/actuator/prometheus"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(new MockHttpServletRequest("GET", open), response, chain);
            assertThat(chain.getRequest()).as(open).isNotNull();
        }
        for (String hidden :
                new String[] {"/actuator/../v1/agents", "/actuator;x/../v1/agents", "/actuator/%2e%2e/v1"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(new MockHttpServletRequest("GET", hidden), response, chain);
            assertThat(chain.getRequest()).as(hidden).isNull();
            assertThat(response.getStatus()).as(hidden).isEqualTo(401);
        }
    }
}
