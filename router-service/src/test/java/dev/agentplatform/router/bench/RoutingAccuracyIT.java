package dev.agentplatform.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.router.bench.LabelledPrompts.Labelled;
import dev.agentplatform.router.bench.LabelledPrompts.Scores;
import dev.agentplatform.support.security.TestServiceCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routing accuracy through the public API only: the six agents of {@code bench/router/agents.json}
 * are registered with {@code POST /v1/agents}, every prompt goes through {@code POST /v1/route}, and
 * the decision's team is compared with the label. Runs the dev split and the held-out test split
 * (never used for tuning) with the nine seed agents deleted, and the test split again beside them.
 * The scores go to {@code target/bench/router-accuracy.txt}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.router.learning.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingAccuracyIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("router_accuracy_it");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RouterTestInfrastructure.flushRedis();
        RouterTestInfrastructure.register(registry, database);
    }

    @LocalServerPort
    int port;

    RestTestClient client;
    final List<String> report = new ArrayList<>();

    @BeforeAll
    void registerTheBenchAgents() throws Exception {
        client = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asAdmin())
                .build();
        for (JsonNode agent :
                JSON.readTree(LabelledPrompts.benchDir().resolve("agents.json").toFile())) {
            client.post()
                    .uri("/v1/agents")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(JSON.writeValueAsString(agent))
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        Path out = Path.of("target", "bench", "router-accuracy.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        RouterTestInfrastructure.flushRedis();
        database.drop();
    }

    @Test
    void routesHeldOutPromptsToTheRightTeamBesideAndWithoutTheSeedAgents() throws Exception {
        Scores withSeeds = measure("test.tsv", "test split, six bench agents beside the nine seed agents");

        for (String seed : List.of(
                "python", "javascript", "rust", "web_search", "pdf_reader", "summarizer", "sql", "analytics", "viz")) {
            client.delete().uri("/v1/agents/" + seed).exchange().expectStatus().isNoContent();
        }
        Scores dev = measure("dev.tsv", "dev split, six bench agents only");
        Scores test = measure("test.tsv", "test split (held out), six bench agents only");

        assertThat(dev.accuracy()).isGreaterThanOrEqualTo(0.85);
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.85);
        assertThat(test.recall().values()).allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(0.70));
        assertThat(withSeeds.accuracy()).isGreaterThanOrEqualTo(0.80);
    }

    private Scores measure(String split, String label) throws Exception {
        List<Labelled> rows = LabelledPrompts.read(LabelledPrompts.benchDir().resolve(split));
        List<String> predicted = new ArrayList<>();
        for (Labelled row : rows) {
            Map<?, ?> decision = client.post()
                    .uri("/v1/route")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("prompt", row.prompt()))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            predicted.add((String) decision.get("team"));
        }
        Scores scores = LabelledPrompts.score(rows, predicted);
        report.add(label + " (" + rows.size() + " prompts): " + scores);
        return scores;
    }
}
