package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.e2e.OtlpReceiver.ReceivedSpan;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The six services export their spans over OTLP/HTTP to a receiver in the test (sampling every
 * trace): one request is one trace across the REST hops, the provider call and the Redis Stream
 * hops, whose consumer spans are children of the producers' spans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceAcrossServicesIT {

    private static final int REDIS_DB = 13;
    private static final String DEV_KEY = "e2e-trace-key";
    private static final Duration EXPORTED_WITHIN = Duration.ofSeconds(60);

    private OtlpReceiver otlp;
    private PlatformUnderTest platform;

    @BeforeAll
    void startPlatform() throws Exception {
        otlp = new OtlpReceiver();
        platform = new PlatformUnderTest(
                "traces",
                REDIS_DB,
                Map.of(
                        "PLATFORM_DEV_KEY",
                        DEV_KEY,
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        otlp.endpoint(),
                        "MANAGEMENT_TRACING_SAMPLING_PROBABILITY",
                        "1.0"));
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void aChatCompletionIsOneTraceThroughEveryServiceAndItsStreamHops() throws Exception {
        String traceId = randomHex(16);
        HttpResponse<String> response = platform.send(HttpRequest.newBuilder(platform.gateway("/v1/chat/completions"))
                .header("Authorization", "Bearer " + DEV_KEY)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .header("X-Conversation-Id", "trace-" + UUID.randomUUID())
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"auto\", \"max_tokens\": 200, \"temperature\": 0.3, \"messages\": [{\"role\":"
                                + " \"user\", \"content\": \"Write a python function that reverses a list\"}]}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // the REST hops: gateway -> router -> orchestrator -> memory and cost
        awaitServices(
                traceId,
                Set.of("gateway-service", "router-service", "orchestrator-service", "memory-service", "cost-service"));

        // the provider call, with the GenAI conventions
        ReceivedSpan model = await(traceId, s -> "chat".equals(s.attributes().get("gen_ai.operation.name")));
        assertThat(model.service()).isEqualTo("orchestrator-service");
        assertThat(model.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(model.attributes())
                .containsEntry("gen_ai.provider.name", "simulated")
                .containsEntry("gen_ai.request.model", "simulated-1")
                .containsEntry("gen_ai.response.model", "simulated-1")
                .containsEntry("gen_ai.request.max_tokens", 200L)
                .containsEntry("gen_ai.request.temperature", 0.3);
        assertThat((Long) model.attributes().get("gen_ai.usage.input_tokens")).isPositive();
        assertThat((Long) model.attributes().get("gen_ai.usage.output_tokens")).isPositive();

        // the stream hops: each consumer span is a child of a span of the producing service
        assertStreamHop(traceId, "platform.usage", "cost-service", "orchestrator-service");
        assertStreamHop(traceId, "platform.outcomes", "router-service", "orchestrator-service");
        assertStreamHop(traceId, "memory.ingest", "memory-service", "memory-service");
    }

    @Test
    void aTaskCallingACapabilityIsOneTraceAcrossAllSixServices() throws Exception {
        String traceId = task(false);

        awaitServices(traceId, Set.copyOf(ServiceProcesses.SERVICES));
        assertStreamHop(traceId, "platform.usage", "cost-service", "orchestrator-service");
        assertStreamHop(traceId, "memory.ingest", "memory-service", "memory-service");
    }

    @Test
    void anAsyncTaskContinuesTheTraceOfItsSubmissionThroughTheTaskStream() throws Exception {
        String traceId = task(true);

        assertStreamHop(traceId, "platform.tasks", "orchestrator-service", "orchestrator-service");
        awaitServices(traceId, Set.copyOf(ServiceProcesses.SERVICES));
        assertStreamHop(traceId, "platform.usage", "cost-service", "orchestrator-service");
    }

    /** Submits a task of the tool-using agent in a new trace; returns the trace id. */
    private String task(boolean async) throws Exception {
        String traceId = randomHex(16);
        HttpResponse<String> response = platform.send(HttpRequest.newBuilder(platform.gateway("/v1/tasks"))
                .header("Authorization", "Bearer " + DEV_KEY)
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"What documents do we have on file?\","
                        + " \"agents\": [\"pdf_reader\"], \"conversationId\": \"trace-" + UUID.randomUUID()
                        + "\", \"async\": " + async + "}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(async ? 202 : 200);
        return traceId;
    }

    /** A consumer span of {@code stream} in {@code consumer}, child of a span {@code producer} made. */
    private void assertStreamHop(String traceId, String stream, String consumer, String producer) throws Exception {
        ReceivedSpan consumed = await(
                traceId,
                s -> s.service().equals(consumer)
                        && s.kind().equals("SPAN_KIND_CONSUMER")
                        && stream.equals(s.attributes().get("messaging.destination.name")));
        ReceivedSpan parent = await(traceId, s -> s.spanId().equals(consumed.parentSpanId()));
        assertThat(parent.service()).as("producer of " + stream).isEqualTo(producer);
        assertThat(consumed.attributes()).containsEntry("messaging.system", "redis");
    }

    private void awaitServices(String traceId, Set<String> services) throws InterruptedException {
        long deadline = System.nanoTime() + EXPORTED_WITHIN.toNanos();
        while (!otlp.services(traceId).containsAll(services) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(otlp.services(traceId)).as(names(otlp.trace(traceId))).containsAll(services);
    }

    private ReceivedSpan await(String traceId, Predicate<ReceivedSpan> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + EXPORTED_WITHIN.toNanos();
        while (true) {
            Optional<ReceivedSpan> found =
                    otlp.trace(traceId).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such span in trace " + traceId + ": " + names(otlp.trace(traceId)));
            }
            Thread.sleep(500);
        }
    }

    private static String names(List<ReceivedSpan> spans) {
        StringBuilder out = new StringBuilder();
        for (ReceivedSpan s : spans) {
            out.append('\n')
                    .append(s.service())
                    .append(' ')
                    .append(s.kind())
                    .append(' ')
                    .append(s.name())
                    .append(' ')
                    .append(s.spanId())
                    .append(" <- ")
                    .append(s.parentSpanId());
        }
        return out.toString();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(b);
    }
}
