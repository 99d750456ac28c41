package dev.agentplatform.mcp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.mcp.server.McpServers.WhenDown;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import io.modelcontextprotocol.client.transport.ServerParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start, failure and restart policy against real node processes. */
class ManagedServerIT {

    private static final Path EVERYTHING = Path.of(
                    "mcp-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
            .toAbsolutePath();

    private final MutableClock clock = new MutableClock();
    private ManagedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void holdsBackRestartsOfAServerThatFailedToStartUntilTheBackoffPassed() throws Exception {
        Path script = Files.createTempFile("late-server", ".mjs");
        Files.delete(script);
        server = new ManagedServer(
                "late",
                ServerParameters.builder("node")
                        .args(script.toString(), "stdio")
                        .build(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                Duration.ofMinutes(1),
                clock);

        assertThatThrownBy(() -> server.call("get-sum", Map.of("a", 1, "b", 2), WhenDown.WAIT_AND_REPEAT))
                .isInstanceOfSatisfying(ServerCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("could not start");
                });
        // The server becomes startable, but the backoff still holds.
        Files.writeString(script, "await import(" + quoted(EVERYTHING.toUri().toString()) + ");\n");
        assertThatThrownBy(() -> server.call("get-sum", Map.of("a", 1, "b", 2), WhenDown.WAIT_AND_REPEAT))
                .isInstanceOfSatisfying(
                        ServerCallException.class,
                        e -> assertThat(e.getMessage()).contains("last start failed"));
        assertThat(server.alive()).isFalse();

        clock.advance(Duration.ofMinutes(1));

        assertThat(server.call("get-sum", Map.of("a", 1, "b", 2), WhenDown.WAIT_AND_REPEAT)
                        .text())
                .contains("3");
        assertThat(server.state().alive()).isTrue();
        assertThat(server.state().lastError()).isNull();
    }

    @Test
    void aToolTheServerDoesNotListIsNotOfferedAndDoesNotCountAsAFailure() {
        server = everything(Duration.ofSeconds(10));

        assertThatThrownBy(() -> server.call("no-such-tool", Map.of(), WhenDown.WAIT_AND_REPEAT))
                .isInstanceOfSatisfying(
                        ServerCallException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOOL_NOT_OFFERED));
        assertThat(server.tools()).contains("get-sum", "echo");
        assertThat(server.state().lastError()).isNull();
        assertThat(server.alive()).isTrue();
    }

    @Test
    void aCallTheServerDoesNotAnswerInTimeFailsAsATimeoutAndTheServerServesTheNextOne() {
        server = everything(Duration.ofMillis(500));
        server.ensureStarted();

        long started = System.nanoTime();
        assertThatThrownBy(() -> server.call(
                        "trigger-long-running-operation", Map.of("duration", 10, "steps", 1), WhenDown.WAIT))
                .isInstanceOfSatisfying(ServerCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("within 500 ms");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        assertThat(server.call("get-sum", Map.of("a", 1, "b", 2), WhenDown.WAIT).text())
                .contains("3");
        assertThat(server.alive()).isTrue();
    }

    @Test
    void aCallIsSentOnceMoreAfterTheServerDiedDuringItOnlyWhenItIsRepeatable() throws Exception {
        Path calls = Files.createTempFile("dying-server-calls", ".txt");
        server = dying(calls, new ManagedServer.Restarts(Duration.ZERO, Duration.ZERO, null));

        // a write: the process died after the call reached it, so it is not sent again
        assertThatThrownBy(() -> server.call("die", Map.of(), WhenDown.WAIT)).isInstanceOf(ServerCallException.class);
        assertThat(Files.readString(calls)).hasSize(1);

        // a read-only call: sent once more to a restarted server (which dies again)
        assertThatThrownBy(() -> server.call("die", Map.of(), WhenDown.WAIT_AND_REPEAT))
                .isInstanceOf(ServerCallException.class);
        assertThat(Files.readString(calls)).hasSize(3);
    }

    @Test
    void aCallThatMayFallBackFailsAtOnceWhenTheServerDiesAndTheSupervisorRestartsIt() throws Exception {
        Path calls = Files.createTempFile("dying-server-calls", ".txt");
        ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
        try {
            server = dying(calls, new ManagedServer.Restarts(Duration.ZERO, Duration.ZERO, supervisor));
            server.ensureStarted();

            assertThatThrownBy(() -> server.call("die", Map.of(), WhenDown.FALL_BACK))
                    .isInstanceOfSatisfying(
                            ServerCallException.class, e -> assertThat(e.kind()).isEqualTo(Kind.EXITED));
            // sent once, not again: the caller falls back to another server instead
            assertThat(Files.readString(calls)).hasSize(1);

            // restarted by the supervisor, without a call asking for it
            for (int i = 0; i < 200 && server.state().restarts() < 1; i++) {
                Thread.sleep(100);
            }
            assertThat(server.state().restarts()).isEqualTo(1);
            assertThat(server.alive()).isTrue();
        } finally {
            supervisor.shutdownNow();
        }
    }

    private ManagedServer everything(Duration callTimeout) {
        return new ManagedServer(
                "everything",
                ServerParameters.builder("node")
                        .args(EVERYTHING.toString(), "stdio")
                        .build(),
                callTimeout,
                Duration.ofSeconds(20),
                Duration.ofSeconds(5),
                clock);
    }

    private ManagedServer dying(Path calls, ManagedServer.Restarts restarts) throws Exception {
        return new ManagedServer(
                "dying",
                ServerParameters.builder("node")
                        .args(dyingServer(calls).toString())
                        .build(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                restarts,
                clock,
                null);
    }

    /** An MCP server whose one tool, {@code die}, notes the call in {@code calls} and exits. */
    private static Path dyingServer(Path calls) throws Exception {
        Path sdk = EVERYTHING.getParent().getParent().getParent().resolve("sdk/dist/esm/server");
        Path script = Files.createTempFile("dying-server", ".mjs");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "import { McpServer } from "
                                + quoted(sdk.resolve("mcp.js").toUri().toString()) + ";",
                        "import { StdioServerTransport } from "
                                + quoted(sdk.resolve("stdio.js").toUri().toString()) + ";",
                        "import { appendFileSync } from 'node:fs';",
                        "const server = new McpServer({ name: 'dying', version: '1.0.0' });",
                        "server.tool('die', async () => { appendFileSync(" + quoted(calls.toString())
                                + ", 'x'); process.exit(1); });",
                        "await server.connect(new StdioServerTransport());",
                        ""));
        return script;
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
