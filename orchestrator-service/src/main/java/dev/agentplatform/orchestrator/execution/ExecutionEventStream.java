package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * One execution answered as {@code text/event-stream}: {@code delta} events ({@code {"content"}},
 * the first one also with {@code agent} and {@code strategy}) as the answer comes, then a
 * {@code result} event with the {@link TaskResult}, or an {@code error}
 * event with the problem when the answer breaks off. The response is committed (200) by the first
 * event and not before, so a failure until then can still be answered with its own status. Each
 * event is flushed at once. A client that went away is noticed at the next write, written to no
 * more, and the answer for it is stopped (see {@link #gone()}).
 */
final class ExecutionEventStream {

    private static final Logger log = LoggerFactory.getLogger(ExecutionEventStream.class);

    private final HttpServletResponse response;
    private final JsonMapper json;
    private OutputStream out;
    private boolean gone;

    ExecutionEventStream(HttpServletResponse response, JsonMapper json) {
        this.response = response;
        this.json = json;
    }

    /**
     * Sends a piece of the answer. The first piece also names the agent answering, the strategy and,
     * when a budget moved the answer to a cheaper model, {@code from->to} ({@code {"content",
     * "agent", "strategy", "costDowngraded"}}), so what relays the stream can tell before it commits
     * its own response (the {@code X-Cost-Downgraded} of a JSON answer); later pieces carry the
     * content alone.
     */
    synchronized void delta(String content, String agent, Strategy strategy, String costDowngraded) {
        if (out == null && agent != null) {
            Map<String, Object> first = new LinkedHashMap<>();
            first.put("content", content);
            first.put("agent", agent);
            if (strategy != null) {
                first.put("strategy", strategy.name());
            }
            if (costDowngraded != null) {
                first.put("costDowngraded", costDowngraded);
            }
            send("delta", first);
        } else {
            send("delta", Map.of("content", content));
        }
    }

    /** Sends the finished task, the stream's last event. */
    void result(TaskResult result) {
        send("result", result);
    }

    /** Sends the problem that ended the answer early, the stream's last event. */
    void error(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        send("error", body);
    }

    private synchronized void send(String event, Object data) {
        if (gone) {
            return;
        }
        byte[] bytes = ("event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                out = response.getOutputStream();
            }
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            gone = true;
            log.info("stream client went away, ending its answer: {}", e.toString());
            // The answer is produced on this thread (the provider's stream is read here): an
            // interrupt ends that call as cancelled, neither a failure of the agent nor an answer,
            // so a model does not go on generating, and billing, for nobody.
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the client went away (the thread that noticed it was interrupted). */
    synchronized boolean gone() {
        return gone;
    }
}
