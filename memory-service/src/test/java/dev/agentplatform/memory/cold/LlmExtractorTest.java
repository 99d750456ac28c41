package dev.agentplatform.memory.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProviderCatalogView;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.memory.cold.Extraction.Fact;
import dev.agentplatform.memory.cold.Extraction.Type;
import dev.agentplatform.memory.cold.Extractor.Utterance;
import dev.agentplatform.memory.cold.Extractor.Write;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model extractor against a local server answering as the orchestrator does ({@code GET
 * /v1/providers}, {@code POST /v1/executions} with a {@code TaskResult}): what it asks for, how it reads the answer, and that
 * every failure reads the write by the rules instead.
 */
class LlmExtractorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RuleExtractor RULES = new RuleExtractor();
    private static final Write WRITE = new Write(
            "u1",
            List.of(
                    new Utterance("Caroline", "I moved to Boston last May. My sister Anna visited."),
                    new Utterance("Melanie", "That sounds lovely!")));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<JsonNode> executions = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> executionHeaders = new CopyOnWriteArrayList<>();
    private final AtomicLong catalogReads = new AtomicLong();
    private HttpServer orchestrator;
    private volatile ProviderCatalogView catalog = catalog(entry("openai", "openai-compatible", "gpt-4o-mini", true));
    private volatile int status = 200;
    private volatile String answer;
    private volatile long delayMs;

    @BeforeEach
    void start() throws IOException {
        orchestrator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        orchestrator.createContext("/v1/providers", exchange -> {
            catalogReads.incrementAndGet();
            send(exchange, 200, JSON.writeValueAsString(catalog));
        });
        orchestrator.createContext("/v1/executions", exchange -> {
            executions.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            executionHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (status != 200) {
                send(exchange, status, "{\"title\":\"Budget exhausted\",\"status\":" + status + "}");
                return;
            }
            send(
                    exchange,
                    200,
                    JSON.writeValueAsString(new TaskResult(
                            "t1",
                            RoutingDecision.NO_AGENT,
                            RoutingDecision.NO_AGENT,
                            Strategy.SINGLE,
                            answer,
                            "openai",
                            "gpt-4o-mini",
                            false,
                            new TokenUsage(400, 120),
                            new BigDecimal("0.000125"),
                            900,
                            List.of(),
                            List.of())));
        });
        orchestrator.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        orchestrator.start();
        answer = """
                {"messages": [{"index": 0,
                  "entities": [{"name": "Caroline", "type": "PERSON"}, {"name": "Boston", "type": "PLACE"}],
                  "facts": [
                    {"subject": "Caroline", "predicate": "Moved To", "object": "Boston", "functional": true,
                     "when": "last May", "evidence": "I moved to Boston last May."},
                    {"subject": "Anna", "predicate": "sister_of", "object": "Caroline", "functional": false,
                     "when": null, "evidence": "a sentence nobody said"},
                    {"subject": "Caroline", "predicate": "", "object": "Boston"}]},
                  {"index": 1, "entities": [], "facts": []}]}""";
    }

    @AfterEach
    void stop() {
        orchestrator.stop(0);
    }

    @Test
    void aWriteIsAskedAsOneTaskForTheCatalogsCheapModelAndItsAnswerBecomesTheFacts() {
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, null)) {
            List<Extraction> read = extractor
                    .extractAll(List.of(new Write("u1", WRITE.messages(), "pro", "key_1", "team-a")))
                    .get(0);

            assertThat(executions).hasSize(1);
            JsonNode request = executions.get(0);
            assertThat(request.path("decision").path("model").asString()).isEqualTo("gpt-4o-mini");
            JsonNode task = request.path("task");
            assertThat(task.path("prompt").asString())
                    .isEqualTo("[0] Caroline: I moved to Boston last May. My sister Anna visited.\n"
                            + "[1] Melanie: That sounds lovely!\n");
            assertThat(task.has("conversationId")).isFalse();
            assertThat(task.path("messages").get(0).path("role").asString()).isEqualTo("system");
            assertThat(task.path("messages").get(0).path("content").asString()).isEqualTo(LlmExtractor.INSTRUCTIONS);
            assertThat(task.path("parameters")
                            .path("responseFormat")
                            .path("type")
                            .asString())
                    .isEqualTo("json_object");
            // the writer's credential as the write came: its tier's budget and prices apply
            assertThat(executionHeaders.get(0).get("X-user-id")).containsExactly("u1");
            assertThat(executionHeaders.get(0).get("X-user-tier")).containsExactly("pro");
            assertThat(executionHeaders.get(0).get("X-key-id")).containsExactly("key_1");
            assertThat(executionHeaders.get(0).get("X-user-team")).containsExactly("team-a");

            Extraction caroline = read.get(0);
            assertThat(caroline.entities())
                    .extracting(Extraction.Entity::key, Extraction.Entity::type)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("caroline", Type.PERSON),
                            org.assertj.core.groups.Tuple.tuple("boston", Type.PLACE),
                            // named only by a fact: added, a person as a subject
                            org.assertj.core.groups.Tuple.tuple("anna", Type.PERSON));
            assertThat(caroline.facts())
                    .extracting(Fact::subject, Fact::predicate, Fact::object, Fact::functional, Fact::when)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("caroline", "moved_to", "boston", true, "last May"),
                            org.assertj.core.groups.Tuple.tuple("anna", "sister_of", "caroline", false, null));
            // the quoted evidence when the message holds it, else the message itself
            assertThat(caroline.facts().get(0).sentence()).isEqualTo("I moved to Boston last May.");
            assertThat(caroline.facts().get(1).sentence())
                    .isEqualTo("I moved to Boston last May. My sister Anna visited.");
            assertThat(read.get(1).facts()).isEmpty();
            assertThat(meters.get("memory.cold.extraction.writes")
                            .tag("outcome", "llm")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(meters.get("memory.cold.extraction.cost").counter().count())
                    .isEqualTo(125.0);
        }
    }

    @Test
    void withOnlyTheSimulatedProviderTheRulesReadAndNoTaskIsAsked() {
        catalog = catalog(entry("simulated-cheap", "simulated", "simulated-cheap", true));
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, null)) {
            List<Extraction> read = extractor.extract("u1", WRITE.messages());

            assertThat(executions).isEmpty();
            assertThat(read).isEqualTo(RULES.extract("u1", WRITE.messages()));
            assertThat(outcome("no-model")).isEqualTo(1.0);
        }
    }

    @Test
    void inRulesModeNothingIsAskedNotEvenTheCatalog() {
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.RULES, null)) {
            assertThat(extractor.extract("u1", WRITE.messages())).isEqualTo(RULES.extract("u1", WRITE.messages()));
            assertThat(catalogReads).hasValue(0);
            assertThat(executions).isEmpty();
        }
    }

    @Test
    void aRefusalOrAnAnswerThatIsNotTheJsonAskedForIsReadByTheRules() {
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, null)) {
            status = 402;
            assertThat(extractor.extract("u1", WRITE.messages())).isEqualTo(RULES.extract("u1", WRITE.messages()));
            assertThat(outcome("refused")).isEqualTo(1.0);

            status = 200;
            answer = "Sure! Caroline moved to Boston.";
            assertThat(extractor.extract("u1", WRITE.messages())).isEqualTo(RULES.extract("u1", WRITE.messages()));
            answer = "{\"facts\": []}";
            assertThat(extractor.extract("u1", WRITE.messages())).isEqualTo(RULES.extract("u1", WRITE.messages()));
            assertThat(outcome("unreadable")).isEqualTo(2.0);
            assertThat(executions).hasSize(3);
        }
    }

    @Test
    void aMessageTheAnswerLeavesOutIsReadByTheRulesAndAFencedAnswerIsRead() {
        answer =
                "```json\n{\"messages\": [{\"index\": 1, \"entities\": [{\"name\": \"Melanie\"}], \"facts\": []}]}\n```";
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, null)) {
            List<Extraction> read = extractor.extract("u1", WRITE.messages());

            assertThat(read.get(0))
                    .isEqualTo(RULES.extract("Caroline", WRITE.messages().get(0).content()));
            assertThat(read.get(1).entities())
                    .extracting(Extraction.Entity::key, Extraction.Entity::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("melanie", Type.THING));
        }
    }

    @Test
    void writesNotReadByTheBatchDeadlineAreReadByTheRules() {
        delayMs = 2_000;
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, null, Duration.ofMillis(300))) {
            long started = System.nanoTime();
            List<List<Extraction>> read = extractor.extractAll(List.of(WRITE, WRITE, WRITE));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
            assertThat(read).allSatisfy(r -> assertThat(r).isEqualTo(RULES.extract("u1", WRITE.messages())));
            assertThat(outcome("deadline")).isEqualTo(3.0);
        }
    }

    @Test
    void theCatalogIsReadOncePerRefreshAndANamedModelMustHaveAKey() {
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, "claude-haiku")) {
            extractor.extract("u1", WRITE.messages());
            extractor.extract("u1", WRITE.messages());

            assertThat(catalogReads).hasValue(1);
            // claude-haiku has no entry with a key: the rules read
            assertThat(executions).isEmpty();
        }
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.LLM, "claude-haiku")) {
            extractor.extract("u1", WRITE.messages());
            // named and forced: asked without reading the catalog
            assertThat(executions).hasSize(1);
            assertThat(executions.get(0).path("decision").path("model").asString())
                    .isEqualTo("claude-haiku");
        }
    }

    @Test
    void theModelIsTheCheapChainsFirstWithAKeyElseTheCheapestWithAKey() {
        ProviderCatalogView.Entry groq = entry("groq", "openai-compatible", "llama-3.1-8b", true);
        ProviderCatalogView.Entry openai = entry("openai", "openai-compatible", "gpt-4o-mini", true);
        ProviderCatalogView.Entry anthropic = new ProviderCatalogView.Entry(
                "anthropic",
                "anthropic",
                "claude-sonnet",
                ModelTier.QUALITY,
                null,
                true,
                "CLOSED",
                new BigDecimal("3"),
                new BigDecimal("15"),
                0);
        ProviderCatalogView.Entry unkeyed = entry("together", "openai-compatible", "mixtral", false);

        assertThat(LlmExtractor.choose(
                        new ProviderCatalogView(
                                List.of(groq, openai), Map.of("cheap", List.of("together", "openai", "groq"))),
                        null))
                .contains("gpt-4o-mini");
        assertThat(LlmExtractor.choose(new ProviderCatalogView(List.of(anthropic, unkeyed, groq), Map.of()), null))
                .contains("llama-3.1-8b");
        assertThat(LlmExtractor.choose(new ProviderCatalogView(List.of(unkeyed), Map.of()), null))
                .isEmpty();
        assertThat(LlmExtractor.choose(new ProviderCatalogView(List.of(anthropic, groq), Map.of()), "claude-sonnet"))
                .contains("claude-sonnet");
    }

    @Test
    void aPredicateIsSnakeCaseAndALongWriteIsCut() {
        assertThat(LlmExtractor.predicate("  Moved To! ")).isEqualTo("moved_to");
        assertThat(LlmExtractor.predicate("is the sister-of")).isEqualTo("is_the_sister_of");
        try (LlmExtractor extractor = extractor(ExtractionProperties.Mode.AUTO, null)) {
            String prompt = extractor.prompt(new Write("u1", List.of(new Utterance(null, "word ".repeat(5_000)))));
            assertThat(prompt).startsWith("[0] User: word word").hasSize(12_000);
        }
    }

    private double outcome(String outcome) {
        return meters.get("memory.cold.extraction.writes")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private LlmExtractor extractor(ExtractionProperties.Mode mode, String model) {
        return extractor(mode, model, Duration.ofSeconds(20));
    }

    private LlmExtractor extractor(ExtractionProperties.Mode mode, String model, Duration batchDeadline) {
        return new LlmExtractor(
                RestClient.builder(),
                JSON,
                RULES,
                new ExtractionProperties(
                        mode,
                        URI.create(
                                "http://127.0.0.1:" + orchestrator.getAddress().getPort()),
                        model,
                        Duration.ofSeconds(20),
                        batchDeadline,
                        4,
                        12_000,
                        Duration.ofMinutes(1)),
                meters);
    }

    private static ProviderCatalogView catalog(ProviderCatalogView.Entry entry) {
        return new ProviderCatalogView(List.of(entry), Map.of("cheap", List.of(entry.name())));
    }

    private static ProviderCatalogView.Entry entry(String name, String type, String model, boolean configured) {
        return new ProviderCatalogView.Entry(
                name,
                type,
                model,
                ModelTier.CHEAP,
                null,
                configured,
                "CLOSED",
                new BigDecimal("0.15"),
                new BigDecimal("0.60"),
                0);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
