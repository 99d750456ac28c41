package dev.agentplatform.router.bench;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterApplication;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.router.bench.LabelledPrompts.Labelled;
import dev.agentplatform.router.classify.MiniLmTextEmbedder;
import dev.agentplatform.router.routing.RouteQuery;
import dev.agentplatform.router.routing.RoutingService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/route} latency after warm-up, with the app started in this JVM against the test
 * infrastructure and the six bench agents registered beside the nine seeds. Measures the decision
 * in-process (the routing service, with the prompt's embedding given as the gateway gives it, and
 * without) and the HTTP round trip. Run: see {@code bench/router/README.md}.
 */
public final class RouteLatencyBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        TestDatabase database = TestInfrastructure.createDatabase("router_bench");
        RouterTestInfrastructure.flushRedis();
        ConfigurableApplicationContext app = SpringApplication.run(
                RouterApplication.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.data.redis.url=" + RouterTestInfrastructure.redisUrl(),
                "--platform.router.budget.enabled=false",
                "--logging.level.root=WARN");
        try {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (JsonNode agent : JSON.readTree(
                    LabelledPrompts.benchDir().resolve("agents.json").toFile())) {
                http.send(
                        post(base + "/v1/agents", JSON.writeValueAsString(agent), null),
                        HttpResponse.BodyHandlers.ofString());
            }
            List<String> prompts = new ArrayList<>();
            for (String split : List.of("dev.tsv", "test.tsv")) {
                LabelledPrompts.read(LabelledPrompts.benchDir().resolve(split)).stream()
                        .map(Labelled::prompt)
                        .forEach(prompts::add);
            }
            MiniLmTextEmbedder embedder = new MiniLmTextEmbedder();
            RoutingService routing = app.getBean(RoutingService.class);
            // distinct texts every round, so the embedding cache never answers for the model
            List<String> texts = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String text = prompts.get(i % prompts.size()) + " (request " + i + ")";
                texts.add(text);
                headers.add(encode(embedder.embed(text)));
            }
            // warm-up: JIT, connection pool, ONNX session
            for (int i = 0; i < 300; i++) {
                routing.decide(
                        new RouteQuery("warm up " + i + " " + prompts.get(i % prompts.size()), null, null, null));
            }
            long[] decision = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                routing.decide(new RouteQuery(texts.get(i), null, null, null, null, null, headers.get(i), null, null));
                decision[i] = System.nanoTime() - t0;
            }
            long[] withEmbedding = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                routing.decide(new RouteQuery("again " + texts.get(i), null, null, null));
                withEmbedding[i] = System.nanoTime() - t0;
            }
            long[] httpGiven = new long[requests];
            long[] httpEmbedded = new long[requests];
            for (int i = 0; i < requests; i++) {
                String body = JSON.writeValueAsString(Map.of("prompt", "http " + texts.get(i)));
                long t0 = System.nanoTime();
                http.send(
                        post(base + "/v1/route", body, encode(embedder.embed("http " + texts.get(i)))),
                        HttpResponse.BodyHandlers.ofString());
                httpGiven[i] = System.nanoTime() - t0;
                String body2 = JSON.writeValueAsString(Map.of("prompt", "http2 " + texts.get(i)));
                long t1 = System.nanoTime();
                http.send(post(base + "/v1/route", body2, null), HttpResponse.BodyHandlers.ofString());
                httpEmbedded[i] = System.nanoTime() - t1;
            }
            System.out.println("requests " + requests + ", 15 agents (9 seeds + 6 bench), after 300 warm-up decisions");
            System.out.println("decision, embedding given (in-process):   " + percentiles(decision));
            System.out.println("decision incl. embedding (in-process):    " + percentiles(withEmbedding));
            System.out.println("HTTP /v1/route, X-Prompt-Embedding given: " + percentiles(httpGiven));
            System.out.println("HTTP /v1/route, router embeds:            " + percentiles(httpEmbedded));
            Runtime rt = Runtime.getRuntime();
            System.out.printf("heap used after the run: %d MB%n", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        } finally {
            app.close();
            RouterTestInfrastructure.flushRedis();
            database.drop();
        }
        System.exit(0);
    }

    private static HttpRequest post(String url, String body, String embedding) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (embedding != null) {
            builder.header("X-Prompt-Embedding", embedding);
        }
        return builder.build();
    }

    private static String encode(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
