package dev.agentplatform.support;

import static dev.agentplatform.support.ContainerProblemsTest.auth;
import static dev.agentplatform.support.ContainerProblemsTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.support.http.RawHttp;
import dev.agentplatform.support.http.RawHttp.Response;
import dev.agentplatform.support.security.TestServiceCalls;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The same shared wiring on Jetty (mcp-service runs on it): what Jetty refuses before the
 * application sees it, and a multipart body Jetty cannot split, are RFC 9457 problems too.
 */
@SpringBootTest(
        classes = JettyContainerProblemsTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.internal-secret=" + TestServiceCalls.SECRET,
            "server.max-http-request-header-size=8KB",
            "spring.main.web-application-type=servlet"
        })
class JettyContainerProblemsTest {

    @Value("${local.server.port}")
    int port;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ContainerProblemsTest.Echo.class)
    static class App {

        @Bean
        JettyServletWebServerFactory jetty() {
            return new JettyServletWebServerFactory();
        }
    }

    private Response get(String method, String target, String... headers) {
        return RawHttp.sendBytes(port, method, target, null, headers);
    }

    @Test
    void theServiceAnswersNormallyOnJetty() {
        Response answer = get("GET", "/v1/ok", auth());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok");
    }

    @Test
    void headersLargerThanTheLimitAreA431Problem() {
        problem(get("GET", "/v1/ok", auth("X-Big: " + "a".repeat(10_000))), 431);
    }

    @Test
    void aRequestLineLongerThanTheLimitIsA414Problem() {
        problem(get("GET", "/v1/ok?q=" + "a".repeat(10_000), auth()), 414);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/%00", "/v1/ok%00", "/v1/%2e%2e/%2e%2e/x", "/v1/a%2fb", "/v1/ok;%zz", "/v1/%ED%A0%80"})
    void aPathJettyRefusesIsAProblem(String target) {
        Response answer = get("GET", target, auth());
        assertThat(answer.status()).as(target).isBetween(400, 499);
        problem(answer, answer.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/9.9", "HTTPS/1.1"})
    void anHttpVersionJettyDoesNotSpeakIsAProblem(String version) {
        Response answer = get("GET", "/v1/ok " + version + "\r\nX-Ignored:", auth());
        assertThat(answer.status()).as(version).isIn(400, 426, 505);
        problem(answer, answer.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"?=&=&", "?tier=%zz", "?tier=%", "?%=x", "?tier=a&=b"})
    void aQueryStringJettyCannotSplitIsA400ProblemOrIsRead(String query) {
        Response answer = get("GET", "/v1/param" + query, auth());
        if (answer.status() != 200) {
            problem(answer, 400);
        }
    }

    @Test
    void aMultipartBodyIsA415Problem() {
        Response answer = RawHttp.sendBytes(
                port,
                "POST",
                "/v1/echo",
                "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                auth("Content-Type: multipart/form-data; boundary=x"));
        problem(answer, 415);
    }
}
