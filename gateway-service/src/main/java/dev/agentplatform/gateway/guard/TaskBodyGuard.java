package dev.agentplatform.gateway.guard;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.text.PlainText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.factory.rewrite.RewriteFunction;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The input guard on a native API body proxied to the router ({@code POST /v1/tasks}, sync, streamed
 * or async, and the {@code POST /v1/route} dry run), as the rewrite function of spring-cloud-gateway's
 * modify-request-body filter: the body is read once, its {@code prompt} and every {@code messages[i]}
 * content are checked with the chat pipeline's rules (403 problem naming the refused fields; a
 * flag-only tier passes with {@code X-Guard: flagged}), and the body goes on with {@code guard} set
 * to the flagged verdicts, replacing whatever the client sent there. What is forwarded is the tree
 * that was checked, written again, so no parser difference between here and the router can carry an
 * unchecked text past it; its strings are {@link PlainText#clean cleaned} first, as every service
 * reads them. Keyed on the body, not on the path's spelling: any JSON object with a
 * {@code prompt} or {@code messages} is checked; other bodies (an agent registration) pass as sent.
 */
@Component
public class TaskBodyGuard implements RewriteFunction<String, String> {

    private static final Logger log = LoggerFactory.getLogger(TaskBodyGuard.class);

    private final InputGuard guard;
    private final JsonMapper json;

    TaskBodyGuard(InputGuard guard, JsonMapper json) {
        this.guard = guard;
        // numbers go on as sent: a cost cap of 0.1 must not become 0.1000000000000000055...
        this.json = json.rebuild()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    @Override
    public Mono<String> apply(ServerWebExchange exchange, String body) {
        if (body == null || body.isBlank()) {
            return Mono.justOrEmpty(body);
        }
        JsonNode tree;
        try {
            tree = parse(json, body);
        } catch (PlatformException e) {
            return Mono.error(e);
        }
        if (!(tree instanceof ObjectNode task) || !(task.has("prompt") || task.has("messages"))) {
            return Mono.just(body);
        }
        Caller caller = Caller.of(exchange);
        return guard.inspect(messages(task), caller.tier()).flatMap(verdicts -> {
            if (verdicts.anyBlocked()) {
                log.info("input guard refused a task of {}: {}", caller.userId(), verdicts.reasons());
                return Mono.error(verdicts.refusal());
            }
            if (guard.enabled()) {
                task.set("guard", json.valueToTree(verdicts.flagged()));
            } else {
                task.remove("guard");
            }
            if (verdicts.anyFlagged()) {
                exchange.getResponse().getHeaders().set(InputGuard.FLAGGED_HEADER, "flagged");
            }
            return Mono.just(json.writeValueAsString(task));
        });
    }

    /**
     * The body as a tree, its strings cleaned by the platform's rule for text (before the guard reads them and
     * a service gets them).
     *
     * @throws PlatformException 400 when it is not JSON
     */
    static JsonNode parse(JsonMapper json, String body) {
        try {
            return PlainText.clean(json.readTree(body));
        } catch (JacksonException e) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    "The request body is not valid JSON");
        }
    }

    /**
     * Checks the prompt and messages of {@code task}; a flag marks the response.
     *
     * @throws PlatformException the refusal (403) when one is blocked
     */
    static Verdicts check(InputGuard guard, ObjectNode task, ServerWebExchange exchange, String what) {
        Caller caller = Caller.of(exchange);
        Verdicts verdicts = guard.check(messages(task), caller.tier());
        if (verdicts.anyBlocked()) {
            log.info("input guard refused {} of {}: {}", what, caller.userId(), verdicts.reasons());
            throw verdicts.refusal();
        }
        if (verdicts.anyFlagged()) {
            exchange.getResponse().getHeaders().set(InputGuard.FLAGGED_HEADER, "flagged");
        }
        return verdicts;
    }

    /** The prompt and every message's content a model will read; values that are not text the router refuses. */
    static List<GuardedMessage> messages(ObjectNode task) {
        List<GuardedMessage> messages = new ArrayList<>();
        JsonNode history = task.path("messages");
        // only an array of objects is messages; anything else the router refuses
        for (int i = 0; history.isArray() && i < history.size(); i++) {
            JsonNode message = history.get(i);
            if (message == null || !message.isObject()) {
                continue;
            }
            JsonNode content = message.path("content");
            if (content.isString()) {
                messages.add(GuardedMessage.of(i, message.path("role").asString("unknown"), content.asString(), null));
            }
        }
        JsonNode prompt = task.path("prompt");
        if (prompt.isString()) {
            messages.add(GuardedMessage.of(null, "user", prompt.asString(), null));
        }
        return messages;
    }
}
