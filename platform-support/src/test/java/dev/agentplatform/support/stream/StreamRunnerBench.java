package dev.agentplatform.support.stream;

import dev.agentplatform.common.Streams;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Throughput of {@link StreamConsumerRunner}: fills a stream (Redis database 6 of {@code REDIS_URL},
 * default {@code redis://127.0.0.1:6379}, flushed first) with {@code events} entries, then times one
 * runner with a handler that does nothing draining it, once per batch size. Not a test: run with
 * {@code bench/streams/run-bench.sh}.
 */
public final class StreamRunnerBench {

    private static final int DATABASE = 6;
    private static final String STREAM = "bench.events";

    private StreamRunnerBench() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String base = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        URI uri = URI.create(base);
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(DATABASE);
        LettuceConnectionFactory connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        StringRedisTemplate redis = new StringRedisTemplate(connections);
        RedisClient client = RedisClient.create(base + "/" + DATABASE);
        try (StatefulRedisConnection<String, String> direct = client.connect()) {
            System.out.printf("%d events, handler does nothing, one runner%n", events);
            System.out.println("batch  events/s");
            for (int batch : new int[] {1, 10, 50, 200}) {
                direct.sync().flushdb();
                fill(direct, events);
                AtomicLong handled = new AtomicLong();
                StreamConsumerRunner runner = new StreamConsumerRunner(
                        redis,
                        StreamConsumerSettings.builder(STREAM, "bench")
                                .batchSize(batch)
                                .block(Duration.ofMillis(200))
                                .build(),
                        b -> handled.addAndGet(b.entries().size()),
                        new SimpleMeterRegistry(),
                        null,
                        null);
                long started = System.nanoTime();
                runner.start();
                while (handled.get() < events) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                runner.stop();
                System.out.printf("%5d  %8.0f%n", batch, events / seconds);
            }
            direct.sync().flushdb();
        } finally {
            client.shutdown();
            connections.destroy();
        }
    }

    private static void fill(StatefulRedisConnection<String, String> direct, int events) {
        direct.setAutoFlushCommands(false);
        List<RedisFuture<String>> futures = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            futures.add(direct.async()
                    .xadd(
                            STREAM,
                            Map.of(
                                    Streams.FIELD_EVENT_ID,
                                    "event-" + i,
                                    Streams.FIELD_PAYLOAD,
                                    "{\"n\":" + i + "}",
                                    Streams.FIELD_TRACEPARENT,
                                    "")));
        }
        direct.flushCommands();
        LettuceFutures.awaitAll(60, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]));
        direct.setAutoFlushCommands(true);
    }
}
