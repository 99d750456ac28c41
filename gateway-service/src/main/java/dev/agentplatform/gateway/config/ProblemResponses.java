package dev.agentplatform.gateway.config;

import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.ReactiveRequestIdFilter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problems where no controller advice reaches: in web filters and for errors of
 * proxied routes. The body has the same members the advice produces, request id included.
 */
@Component
public class ProblemResponses {

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** Answers the exchange with {@code exception}'s problem, status and headers. */
    public Mono<Void> write(ServerWebExchange exchange, PlatformException exception) {
        return write(exchange, exception.status(), exception.toProblem(), exception.headers());
    }

    /** Answers the exchange with a problem of the given status and type. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return write(exchange, status, problem, HttpHeaders.EMPTY);
    }

    private Mono<Void> write(
            ServerWebExchange exchange, HttpStatusCode status, ProblemDetail problem, HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", status.value());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        body.put("instance", exchange.getRequest().getPath().value());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        String requestId = ReactiveRequestIdFilter.requestId(exchange);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        byte[] bytes = json.writeValueAsBytes(body);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().addAll(headers);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
