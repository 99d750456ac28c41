package dev.agentplatform.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.support.http.RawHttp;
import dev.agentplatform.support.http.RawHttp.Response;
import dev.agentplatform.support.security.TestServiceCalls;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A servlet service on Tomcat with the shared wiring, asked what a client library would not send:
 * whatever the container, Spring or the application refuses is an RFC 9457 problem, never an HTML
 * page, Boot's error JSON or a 5xx.
 */
@SpringBootTest(
        classes = ContainerProblemsTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.internal-secret=" + TestServiceCalls.SECRET,
            "server.max-http-request-header-size=8KB",
            "spring.main.web-application-type=servlet"
        })
class ContainerProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Echo.class)
    static class App {

        /** Tomcat, as five of the services run (Jetty is on this module's classpath as well). */
        @Bean
        TomcatServletWebServerFactory tomcat() {
            return new TomcatServletWebServerFactory();
        }
    }

    /** A required text, as the services' request types have them. */
    record Text(@NotBlank String text) {}

    @RestController
    static class Echo {

        @GetMapping("/v1/ok")
        String ok() {
            return "ok";
        }

        @GetMapping("/v1/param")
        String param(@org.springframework.web.bind.annotation.RequestParam(required = false) String tier) {
            return String.valueOf(tier);
        }

        @PostMapping("/v1/echo")
        Text echo(@Valid @RequestBody Text text) {
            return text;
        }
    }

    static String[] auth(String... more) {
        List<String> headers = new ArrayList<>(List.of("Authorization: " + TestServiceCalls.bearer("alice", "pro")));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    private Response get(String method, String target, String... headers) {
        return RawHttp.sendBytes(port, method, target, null, headers);
    }

    private Response post(String contentType, String body) {
        String[] headers = contentType == null ? auth() : auth("Content-Type: " + contentType);
        return RawHttp.sendBytes(port, "POST", "/v1/echo", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static JsonNode problem(Response answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.mediaType()).as(answer.body()).isEqualTo("application/problem+json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("type").asString()).startsWith("https://agentplatform.dev/problems/");
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }

    @Test
    void theServiceAnswersNormally() {
        Response answer = get("GET", "/v1/ok", auth());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT", "FOO", "TRACE", "PROPFIND", "get"})
    void anUnknownMethodIsA405Problem(String method) {
        problem(get(method, "/v1/ok", auth()), 405);
        problem(get(method, "/v1/ok"), 405);
    }

    @Test
    void headersLargerThanTheLimitAreA431Problem() {
        problem(get("GET", "/v1/ok", auth("X-Big: " + "a".repeat(10_000))), 431);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add("X-Many-" + i + ": " + "b".repeat(200));
        }
        problem(get("POST", "/v1/echo", auth(many.toArray(String[]::new))), 431);
        // more fields than Tomcat's count limit (100), each small
        List<String> count = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            count.add("X-C" + i + ": c");
        }
        problem(get("GET", "/v1/ok", auth(count.toArray(String[]::new))), 431);
    }

    @Test
    void aRequestLineLongerThanTheLimitIsA414Problem() {
        problem(get("GET", "/v1/ok?q=" + "a".repeat(10_000), auth()), 414);
        problem(get("GET", "/v1/" + "p".repeat(20_000), auth()), 414);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?=&=&", "?tier=%zz", "?tier=%", "?%=x", "?tier=a&=b"})
    void aQueryStringTomcatCannotSplitIsA400Problem(String query) {
        problem(get("GET", "/v1/param" + query, auth()), 400);
    }

    @Test
    void aWellFormedQueryStringIsRead() {
        Response answer = get("GET", "/v1/param?tier=pro", auth());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("pro");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "nonsense", "gzip, chunked"})
    void aTransferEncodingTheServiceDoesNotKnowIsA400Problem(String coding) {
        Response answer = RawHttp.sendBytes(
                port,
                "POST",
                "/v1/echo",
                "0\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                auth("Content-Type: application/json", "Transfer-Encoding: " + coding));
        problem(answer, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTP/1"})
    void anHttpVersionTheServiceDoesNotSpeakIsA505Problem(String version) {
        // RawHttp appends its own version, which becomes a header line of no consequence
        problem(get("GET", "/v1/ok " + version + "\r\nX-Ignored:", auth()), 505);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTPS/1.1", "http/1.1", "HTTP/1.1x"})
    void aMalformedHttpVersionIsA400Problem(String version) {
        problem(get("GET", "/v1/ok " + version + "\r\nX-Ignored:", auth()), 400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/%00",
                "/v1/ok%00",
                "/v1/%2e%2e/%2e%2e/x",
                "/v1/a%2fb",
                "/v1/\\x",
                "/../x",
                "/v1/ok/;%",
                "/v1/ok;%zz",
                "/v1/;a=%"
            })
    void aPathTheContainerRefusesIsAProblem(String target) {
        Response answer = get("GET", target, auth());
        assertThat(answer.status()).as(target).isBetween(400, 499);
        problem(answer, answer.status());
    }

    @Test
    void anUnknownPathIsA404ProblemWhateverTheAcceptHeader() {
        problem(get("GET", "/v1/nothing", auth("Accept: text/html")), 404);
        problem(get("GET", "/error", auth("Accept: text/html")), 404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*/*",
                "text/plain",
                "application/x-www-form-urlencoded",
                "garbage",
                "application/",
                "a/b/c",
                "application/json; charset=nonsense",
                "multipart/form-data; boundary=x",
                "*"
            })
    void anOddContentTypeIsA4xxProblem(String contentType) {
        Response answer = post(contentType, "{\"text\":\"hello\"}");
        assertThat(answer.status()).as(contentType + ": " + answer.body()).isIn(200, 400, 415);
        if (answer.status() != 200) {
            problem(answer, answer.status());
        }
    }

    @Test
    void noContentTypeIsA415Problem() {
        problem(post(null, "{\"text\":\"hello\"}"), 415);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\\u0000", "\\u0000\\u0001\\u001f", "\\u007f\\u0085", "\\ud800", "\\udfff\\ud800", " \\u0000 "})
    void aTextOfOnlyControlsOrLoneSurrogatesIsBlank(String escaped) {
        problem(post("application/json", "{\"text\":\"" + escaped + "\"}"), 400);
    }

    @Test
    void controlsAndLoneSurrogatesAreStrippedFromAText() {
        Response answer = post("application/json", "{\"text\":\"a\\u0000b\\ud800c\\ud83d\\ude00\\td\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("text").asString()).isEqualTo("abc\ud83d\ude00\td");
    }
}
