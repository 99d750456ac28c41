package dev.agentplatform.gateway.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the Lua scripts of the per-request path (rate limits, exact-cache reads) on Lettuce's
 * asynchronous API over the application's shared native connection: {@code EVALSHA}, and
 * {@code EVAL} once when Redis does not know the script yet (after a restart or {@code SCRIPT
 * FLUSH}). The reactive template allocates a publisher, a queue and serializers for every command;
 * on a path that serves thousands of cache hits a second per core, that garbage shows up as young
 * collections in the tail latency.
 */
@Component
public class ScriptRunner implements DisposableBean {

    /** A script's text and its SHA-1 digest, computed once. */
    public record Script(String text, String sha) {

        /** The script from its text. */
        public static Script of(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every JVM", e);
            }
        }
    }

    /** How long a failed connection attempt is remembered before the next one is made. */
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private final LettuceConnectionFactory connections;
    private final Mono<RedisClusterAsyncCommands<byte[], byte[]>> commands;
    private volatile RedisConnection connection;
    private volatile RedisClusterAsyncCommands<byte[], byte[]> connected;

    ScriptRunner(LettuceConnectionFactory connections) {
        this.connections = connections;
        // opened off the event loop (connecting blocks), once; a failure is retried a second later
        this.commands = Mono.fromCallable(this::open)
                .subscribeOn(Schedulers.boundedElastic())
                .cache(ok -> Duration.ofDays(36_500), failed -> RECONNECT_AFTER, () -> Duration.ZERO);
    }

    /**
     * Runs {@code script}; the result as Lettuce gives it for {@code type} (a {@code MULTI} reply is
     * a list of {@code Long} and {@code byte[]}, a {@code VALUE} reply a {@code byte[]}). Empty when
     * the script returns nil; a {@link java.util.concurrent.TimeoutException} when Redis has not
     * answered within {@code timeout}. (The timeout is the future's own: Reactor's {@code timeout}
     * operator names itself from the assembly on every subscription, the largest allocation of
     * the exact-hit path.)
     */
    public <T> Mono<T> run(Script script, ScriptOutputType type, Duration timeout, byte[][] keys, byte[]... args) {
        RedisClusterAsyncCommands<byte[], byte[]> open = connected;
        // until the connection is open, waiting for it counts against the timeout as well
        Mono<RedisClusterAsyncCommands<byte[], byte[]>> ready =
                open != null ? Mono.just(open) : commands.timeout(timeout);
        return ready.flatMap(redis -> Mono.<T>fromCompletionStage(
                        () -> within(redis.<T>evalsha(script.sha(), type, keys, args), timeout))
                .onErrorResume(
                        RedisNoScriptException.class,
                        e -> Mono.fromCompletionStage(() -> within(
                                redis.<T>eval(script.text().getBytes(StandardCharsets.UTF_8), type, keys, args),
                                timeout))));
    }

    /** A copy of the command's future that fails after {@code timeout}, leaving the command itself alone. */
    private static <T> CompletableFuture<T> within(CompletionStage<T> command, Duration timeout) {
        return command.toCompletableFuture().copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Bytes of a key or argument. */
    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private synchronized RedisClusterAsyncCommands<byte[], byte[]> open() {
        // with a shared native connection (the default) this is the one connection every template
        // of the application uses; Lettuce reconnects it on its own
        RedisConnection opened = connections.getConnection();
        connection = opened;
        connected = (RedisClusterAsyncCommands<byte[], byte[]>) opened.getNativeConnection();
        return connected;
    }

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
            connection = null;
            connected = null;
        }
    }
}
