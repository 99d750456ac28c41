package dev.agentplatform.orchestrator.event;

import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.devinfra.CuttableProxy;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the outbox tests share: the orchestrator talks to the test Redis (database 7) through a
 * proxy the test cuts to play a Redis outage, and reads the streams past the proxy.
 */
final class RedisOutage {

    static final int REDIS_DATABASE = 7;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CuttableProxy proxy;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> direct;
    private final String proxiedUrl;
    private final Neighbours neighbours = new Neighbours();

    RedisOutage() {
        String url = TestInfrastructure.redisUrl(REDIS_DATABASE);
        URI uri = URI.create(url);
        try {
            proxy = new CuttableProxy(uri.getHost(), uri.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        proxiedUrl = url.replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + proxy.port());
        client = RedisClient.create(url);
        direct = client.connect();
    }

    /** Points the orchestrator at the proxied Redis and at stubbed neighbours. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> proxiedUrl);
        neighbours.register(registry);
    }

    /** Before a test: empty streams, fresh neighbours. */
    void reset() {
        flush();
        neighbours.reset();
    }

    /** After a test: Redis reachable again and empty. */
    void restore() {
        proxy.restore();
        flush();
    }

    CuttableProxy proxy() {
        return proxy;
    }

    void flush() {
        direct.sync().flushdb();
    }

    void close() {
        neighbours.stop();
        direct.close();
        client.shutdown();
        proxy.close();
    }

    /** How often each usage event id is on the stream. */
    Map<String, Long> usageEventIdsByCount() {
        return usage().stream().collect(Collectors.groupingBy(UsageRecorded::eventId, Collectors.counting()));
    }

    Set<String> billedTasks() {
        return usage().stream().map(UsageRecorded::taskId).collect(Collectors.toSet());
    }

    List<UsageRecorded> usage() {
        List<StreamMessage<String, String>> entries = direct.sync().xrange(Streams.USAGE, Range.create("-", "+"));
        return entries.stream()
                .map(e -> JSON.readValue(e.getBody().get(Streams.FIELD_PAYLOAD), UsageRecorded.class))
                .toList();
    }

    static RestTestClient http(int port) {
        return Executions.client(port);
    }

    static RestTestClient.ResponseSpec execute(RestTestClient http, String taskId) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-User-Id", "dora")
                .header("X-User-Tier", "pro")
                .body(Executions.request(taskId, "Parse ISO dates", "SINGLE", "python"))
                .exchange();
    }

    static List<String> taskIds(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }
}
