package dev.agentplatform.mcp.server.internal;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The SDK's stdio transport, plus knowing when the server process has exited. The SDK leaves requests to a dead
 * process pending until their timeout; watching the exit lets calls fail (and fall back) at once and lets the
 * next call restart the server.
 *
 * <p>Each call waits on the exit as a subscriber of a sink, which forgets a subscriber when its call ends: a
 * {@code CompletableFuture} of the exit would keep one completion handler per call (and through it the call's
 * answer) for as long as the process lives.
 */
final class ExitAwareStdioTransport extends StdioClientTransport implements ServerConnection.Liveness {

    private static final Logger log = LoggerFactory.getLogger(ExitAwareStdioTransport.class);

    private final String name;
    private final Sinks.Empty<Void> exited = Sinks.empty();
    private volatile boolean gone;

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
                        gone = true;
                        exited.tryEmitEmpty();
                    }
                },
                "mcp-" + name + "-exit");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public boolean hasExited() {
        return gone;
    }

    @Override
    public void whenGone(Runnable action) {
        exited.asMono().subscribe(null, null, action);
    }

    /** {@code call}, failing with {@link ServerExitedException} if the process exits before it answers. */
    @Override
    public <T> Mono<T> untilExit(Mono<T> call) {
        Mono<T> exit = exited.asMono().then(Mono.error(() -> new ServerExitedException(name)));
        return Mono.firstWithSignal(call, exit);
    }

    /** How many calls wait on this process's exit now. */
    int exitWatchers() {
        return exited.currentSubscriberCount();
    }

    /** The server process ended while a request was waiting for it. */
    static final class ServerExitedException extends RuntimeException {
        ServerExitedException(String name) {
            super("MCP server process '" + name + "' exited");
        }
    }
}
