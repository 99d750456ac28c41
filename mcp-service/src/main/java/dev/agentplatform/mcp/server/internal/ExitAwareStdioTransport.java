package dev.agentplatform.mcp.server.internal;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport, plus knowing when the server process has exited. The SDK leaves requests to a dead
 * process pending until their timeout; watching the exit lets calls fail (and fall back) at once and lets the
 * next call restart the server.
 */
final class ExitAwareStdioTransport extends StdioClientTransport implements ServerConnection.Liveness {

    private static final Logger log = LoggerFactory.getLogger(ExitAwareStdioTransport.class);

    private final String name;
    private final CompletableFuture<Void> exited = new CompletableFuture<>();

    ExitAwareStdioTransport(String name, ServerParameters parameters) {
        super(parameters, McpJsonDefaults.getMapper());
        this.name = name;
        setStdErrorHandler(line -> log.info("[{}] {}", name, line));
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        // The process exists once connect completes; only then can the SDK wait for its exit.
        return super.connect(handler).doOnSuccess(ignored -> watchForExit());
    }

    private void watchForExit() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        awaitForExit();
                    } catch (RuntimeException e) {
                        log.debug("Stopped waiting for MCP server {} to exit", name, e);
                    } finally {
                        exited.complete(null);
                    }
                },
                "mcp-" + name + "-exit");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public boolean hasExited() {
        return exited.isDone();
    }

    @Override
    public void whenGone(Runnable action) {
        exited.thenRun(action);
    }

    /** {@code call}, failing with {@link ServerExitedException} if the process exits before it answers. */
    @Override
    public <T> Mono<T> untilExit(Mono<T> call) {
        // suppressCancel: losing the race must not cancel the shared future that marks the process as exited.
        Mono<T> exit = Mono.fromFuture(exited, true).then(Mono.error(() -> new ServerExitedException(name)));
        return Mono.firstWithSignal(call, exit);
    }

    /** The server process ended while a request was waiting for it. */
    static final class ServerExitedException extends RuntimeException {
        ServerExitedException(String name) {
            super("MCP server process '" + name + "' exited");
        }
    }
}
