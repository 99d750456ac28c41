package dev.agentplatform.support.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.Streams;
import dev.agentplatform.devinfra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The runner against a real Redis (database 8, flushed around every test). */
class StreamConsumerRunnerIT {

    private static final int REDIS_DATABASE = 8;
    private static final String STREAM = "test.events";
    private static final String GROUP = "test-group";

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private StreamConsumerRunner runner;

    @BeforeAll
    static void connect() {
        URI url = URI.create(TestInfrastructure.redisUrl(REDIS_DATABASE));
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(url.getHost(), url.getPort());
        config.setDatabase(REDIS_DATABASE);
        connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @BeforeEach
    @AfterEach
    void flush() {
        if (runner != null) {
            runner.stop();
            runner = null;
        }
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
    }

    private static StreamConsumerSettings settings() {
        return StreamConsumerSettings.builder(STREAM, GROUP)
                .batchSize(4)
                .block(Duration.ofMillis(100))
                .claimMinIdle(Duration.ofMillis(300))
                .claimInterval(Duration.ofMillis(200))
                .retryBackoff(Duration.ofMillis(50))
                .maxDeliveries(3)
                .build();
    }

    private void start(StreamConsumerSettings settings, StreamHandler handler) {
        runner = new StreamConsumerRunner(redis, settings, handler, meters, null, null);
        runner.start();
    }

    private static void add(String payload) {
        redis.opsForStream()
                .add(STREAM, Map.of(Streams.FIELD_EVENT_ID, "id-" + payload, Streams.FIELD_PAYLOAD, payload));
    }

    private static long pending() {
        var summary = redis.opsForStream().pending(STREAM, GROUP);
        return summary == null ? 0 : summary.getTotalPendingMessages();
    }

    private static List<MapRecord<String, Object, Object>> dead() {
        return redis.opsForStream().range(STREAM + ".dead", Range.unbounded());
    }

    private double counter(String name) {
        return meters.get(name)
                .tag("stream", STREAM)
                .tag("group", GROUP)
                .counter()
                .count();
    }

    private double gauge(String name) {
        return meters.get(name)
                .tag("stream", STREAM)
                .tag("group", GROUP)
                .gauge()
                .value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(until);
            Thread.sleep(20);
        }
    }

    @Test
    void afterABatchThatWasNotFullItLingersSoEntriesArrivingMeanwhileComeAsOneBatch() throws InterruptedException {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        start(
                StreamConsumerSettings.builder(STREAM, GROUP)
                        .batchSize(50)
                        .block(Duration.ofMillis(100))
                        .linger(Duration.ofMillis(500))
                        .build(),
                batch -> batches.add(
                        batch.entries().stream().map(StreamEntry::payload).toList()));
        add("first");
        await("the first entry", () -> batches.size() == 1);

        for (int i = 1; i <= 10; i++) {
            add("n" + i);
        }
        await("the ten others", () -> batches.stream().mapToInt(List::size).sum() == 11);

        assertThat(batches)
                .containsExactly(
                        List.of("first"), List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10"));
    }

    @Test
    void deliversEntriesInBatchesAndAcksThemAfterTheHandler() throws InterruptedException {
        for (int i = 1; i <= 10; i++) {
            add("e" + i);
        }
        List<List<String>> batches = new CopyOnWriteArrayList<>();

        start(
                settings(),
                batch -> batches.add(
                        batch.entries().stream().map(StreamEntry::payload).toList()));
        await("all ten", () -> batches.stream().mapToInt(List::size).sum() == 10);

        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 4));
        assertThat(batches.stream().flatMap(List::stream).toList())
                .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10");
        await("acked", () -> pending() == 0);
        assertThat(counter("platform.stream.processed")).isEqualTo(10);
    }

    @Test
    void takesOverAnEntryADeadConsumerLeftPending() throws InterruptedException {
        redis.opsForStream().createGroup(STREAM, ReadOffset.from("0"), GROUP);
        add("orphan");
        // another member reads it and dies before acking
        redis.opsForStream()
                .read(
                        Consumer.from(GROUP, "dead-member"),
                        StreamReadOptions.empty().count(1),
                        StreamOffset.create(STREAM, ReadOffset.lastConsumed()));
        assertThat(pending()).isEqualTo(1);
        List<String> handled = new CopyOnWriteArrayList<>();

        start(settings(), batch -> batch.entries().forEach(e -> handled.add(e.payload())));
        await("the orphan taken over", () -> handled.contains("orphan"));

        await("acked", () -> pending() == 0);
        assertThat(counter("platform.stream.claimed")).isEqualTo(1);
    }

    @Test
    void deadLettersAnEntryThatKeepsFailingAndGoesOnWithTheRest() throws InterruptedException {
        add("good-1");
        add("poison");
        add("good-2");
        List<String> handled = new CopyOnWriteArrayList<>();

        start(settings(), batch -> {
            for (StreamEntry entry : batch.entries()) {
                if (entry.payload().equals("poison")) {
                    throw new IllegalStateException("cannot handle " + entry.payload());
                }
            }
            batch.entries().forEach(e -> handled.add(e.payload()));
        });
        await("the poison dead-lettered", () -> dead().size() == 1);

        await("acked", () -> pending() == 0);
        assertThat(handled).containsExactlyInAnyOrder("good-1", "good-2");
        Map<Object, Object> fields = dead().get(0).getValue();
        assertThat(fields.get(Streams.FIELD_PAYLOAD)).isEqualTo("poison");
        assertThat(fields.get("sourceStream")).isEqualTo(STREAM);
        assertThat((String) fields.get("reason")).startsWith("failed 3 deliveries");
        assertThat(counter("platform.stream.dead_lettered")).isEqualTo(1);
    }

    @Test
    void sendsARejectedEntryToTheDeadLetterStreamAtOnce() throws InterruptedException {
        add("malformed");
        add("fine");

        start(
                settings(),
                batch -> batch.entries().stream()
                        .filter(e -> e.payload().equals("malformed"))
                        .forEach(e -> batch.reject(e, "not an event")));
        await("dead-lettered", () -> dead().size() == 1);

        await("acked", () -> pending() == 0);
        assertThat(dead().get(0).getValue()).containsEntry("reason", "not an event");
        assertThat(counter("platform.stream.processed")).isEqualTo(1);
    }

    @Test
    void retriesATransientFailureWithoutDeadLettering() throws InterruptedException {
        add("needs-the-database");
        AtomicInteger attempts = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();

        start(settings(), batch -> {
            if (attempts.incrementAndGet() <= 6) {
                throw new DataAccessResourceFailureException("database unreachable");
            }
            batch.entries().forEach(e -> handled.add(e.payload()));
        });
        await("handled once the database is back", () -> handled.contains("needs-the-database"));

        assertThat(dead()).isEmpty();
        await("acked", () -> pending() == 0);
    }

    @Test
    void reportsLagAndPendingOfTheGroup() throws InterruptedException {
        AtomicInteger handled = new AtomicInteger();
        start(settings(), batch -> handled.addAndGet(batch.entries().size()));
        for (int i = 0; i < 5; i++) {
            add("m" + i);
        }
        await("handled", () -> handled.get() == 5);

        await("gauges refreshed", () -> gauge("platform.stream.lag") == 0 && gauge("platform.stream.pending") == 0);
        assertThat(counter("platform.stream.processed")).isEqualTo(5);
    }

    @Test
    void stopsItsThreadAndResumesWhereItLeftOffOnRestart() throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        start(settings(), batch -> batch.entries().forEach(e -> handled.add(e.payload())));
        add("before");
        await("before", () -> handled.contains("before"));

        runner.stop();
        assertThat(runner.isRunning()).isFalse();
        add("while-stopped");
        runner.start();
        await("after restart", () -> handled.contains("while-stopped"));

        assertThat(handled).containsExactly("before", "while-stopped");
    }
}
