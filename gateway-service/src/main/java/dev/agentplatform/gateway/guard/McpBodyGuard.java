package dev.agentplatform.gateway.guard;

import dev.agentplatform.support.PlatformException;
import java.util.List;
import org.springframework.cloud.gateway.filter.factory.rewrite.RewriteFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The input guard on the platform's MCP endpoint ({@code POST /mcp}): every JSON-RPC {@code tools/call} in the
 * body (one message or a batch) whose arguments carry a {@code prompt} (the {@code ask} tool, which runs a task)
 * is checked with the rules of {@link TaskBodyGuard}; a refused one is a 403 problem, as for a task. What is
 * forwarded is the tree that was checked, written again.
 */
@Component
public class McpBodyGuard implements RewriteFunction<String, String> {

    private final InputGuard guard;
    private final JsonMapper json;

    McpBodyGuard(InputGuard guard, JsonMapper json) {
        this.guard = guard;
        this.json = json;
    }

    @Override
    public Mono<String> apply(ServerWebExchange exchange, String body) {
        if (body == null || body.isBlank()) {
            return Mono.justOrEmpty(body);
        }
        try {
            JsonNode tree = TaskBodyGuard.parse(json, body);
            for (JsonNode message : tree.isArray() ? tree : List.of(tree)) {
                if ("tools/call".equals(message.path("method").asString(""))
                        && message.path("params").path("arguments") instanceof ObjectNode arguments
                        && arguments.has("prompt")) {
                    TaskBodyGuard.check(guard, arguments, exchange, "an MCP tool call");
                }
            }
            return Mono.just(json.writeValueAsString(tree));
        } catch (PlatformException e) {
            return Mono.error(e);
        }
    }
}
