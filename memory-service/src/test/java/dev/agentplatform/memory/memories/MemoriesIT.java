package dev.agentplatform.memory.memories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.MemoryContext;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.memory.cold.ColdGraph;
import dev.agentplatform.memory.warm.WarmIndex;
import dev.agentplatform.support.security.TestServiceCalls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The memory API over HTTP against a real Redis (database 13, flushed around every test), the real
 * MiniLM, a Lucene index on disk and a real Neo4j (the COLD graph): writes become searchable off
 * the request path, users never see each other's memories, and forgetting leaves nothing behind.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.memory.ingest.stream=memory.ingest.it"})
class MemoriesIT {

    private static final int REDIS_DATABASE = 13;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> TestInfrastructure.redisUrl(REDIS_DATABASE));
        registry.add("platform.memory.cold.uri", TestInfrastructure::neo4jUri);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    WarmIndex index;

    @Autowired
    ColdGraph graph;

    @BeforeEach
    void setUp() {
        clean();
    }

    @AfterEach
    void tearDown() {
        clean();
    }

    private void clean() {
        for (String user : List.of("alice", "bob")) {
            index.deleteUser(user);
            graph.deleteUser(user);
        }
        flush();
    }

    private void flush() {
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
    }

    private RestTestClient as(String user) {
        return RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestServiceCalls.bearer(user, "pro"))
                .build();
    }

    private static final String PARADE = """
            {"conversationId": "c1", "messages": [
              {"id": "c1/D1:1", "role": "user", "name": "Mel", "content": "Did you go to the pride parade?", "timestamp": "2023-05-08T13:56:00Z"},
              {"id": "c1/D1:2", "role": "user", "name": "Caroline", "content": "Yes, last Saturday, with my friends from the support group!", "timestamp": "2023-05-08T13:57:00Z"},
              {"id": "c1/D1:3", "role": "user", "name": "Mel", "content": "I am painting a sunrise over the lake these days.", "timestamp": "2023-05-08T13:58:00Z"}
            ]}""";

    @Test
    void acceptsAWriteAndFindsItsMessagesWithTheirSources() {
        Map<?, ?> accepted = write("alice", PARADE);
        assertThat(accepted.get("accepted")).isEqualTo(3);
        assertThat((List<Object>) accepted.get("ids")).containsExactly("c1/D1:1", "c1/D1:2", "c1/D1:3");
        awaitIndexed("alice");

        Map<?, ?> found = search("alice", "{\"query\": \"What is Mel painting?\", \"limit\": 2}");
        List<Map<?, ?>> results = results(found);
        assertThat(results).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(results.get(0).get("tier")).isEqualTo("warm");
        assertThat((List<Object>) results.get(0).get("sources")).contains("c1/D1:3");
        assertThat(found.get("tookMs")).isNotNull();

        as("alice")
                .get()
                .uri("/v1/memories/c1/D1:2")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.text")
                .isEqualTo("Caroline: Yes, last Saturday, with my friends from the support group!")
                .jsonPath("$.timestamp")
                .isEqualTo("2023-05-08T13:57:00Z");
    }

    @Test
    void storesAMessageWrittenTwiceOnce() {
        String one = """
                {"messages": [{"id": "m-1", "role": "user", "content": "I adopted a cat named Oliver."}]}""";
        write("alice", one);
        write("alice", one);
        awaitIndexed("alice");

        Map<?, ?> stats = stats("alice");
        assertThat(((Map<?, ?>) ((Map<?, ?>) stats.get("tiers")).get("warm")).get("message"))
                .isEqualTo(1);
        assertThat(stats.get("deadLettered")).isEqualTo(0);
    }

    @Test
    void aMessageWithoutWordPiecesIsKeptWithoutHoldingUpTheWritesBesideIt() {
        // a zero-width space: not blank to the API, no word piece to the embedding
        write("alice", """
                {"messages": [{"id": "m-empty", "role": "user", "content": "\u200b"}]}""");
        write("alice", """
                {"messages": [{"id": "m-cat", "role": "user", "content": "I adopted a cat named Oliver."}]}""");
        awaitIndexed("alice");

        Map<?, ?> stats = stats("alice");
        assertThat(stats.get("deadLettered")).isEqualTo(0);
        assertThat(((Map<?, ?>) ((Map<?, ?>) stats.get("tiers")).get("warm")).get("message"))
                .isEqualTo(2);
        List<Map<?, ?>> results = results(search("alice", "{\"query\": \"What is the cat called?\", \"limit\": 3}"));
        List<Object> sources = results.stream()
                .flatMap(r -> ((List<?>) r.get("sources")).stream())
                .map(Object.class::cast)
                .toList();
        assertThat(sources).contains("m-cat");
    }

    @Test
    void neverShowsOneUsersMemoriesToAnother() {
        write("alice", PARADE);
        write("bob", """
                {"messages": [{"id": "b-1", "role": "user", "content": "My sister paints lakes."}]}""");
        awaitIndexed("alice");
        awaitIndexed("bob");

        List<Map<?, ?>> bobs = results(search("bob", "{\"query\": \"painting a sunrise over the lake\"}"));
        assertThat(bobs).isNotEmpty();
        assertThat(bobs)
                .allSatisfy(r -> assertThat((List<Object>) r.get("sources")).containsOnly("b-1"));
        as("bob").get().uri("/v1/memories/c1/D1:3").exchange().expectStatus().isNotFound();
        as("bob").delete().uri("/v1/memories/c1/D1:3").exchange().expectStatus().isNotFound();
        as("alice").get().uri("/v1/memories/c1/D1:3").exchange().expectStatus().isOk();
    }

    @Test
    void forgettingAUserLeavesNothingInAnyTier() {
        write("alice", PARADE);
        awaitIndexed("alice");
        // one more write still pending in the stream, and a HOT conversation
        write("alice", """
                {"messages": [{"id": "late", "role": "user", "content": "One more thing about the parade."}]}""");
        as("alice")
                .post()
                .uri("/v1/memory/alice/c1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"role\":\"user\",\"content\":\"hello\"}")
                .exchange()
                .expectStatus()
                .isCreated();
        write("bob", """
                {"messages": [{"id": "b-1", "role": "user", "content": "Bob went to the parade too."}]}""");

        as("alice")
                .delete()
                .uri("/v1/memories")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.removed.warm")
                .value(Integer.class, n -> assertThat(n).isPositive())
                .jsonPath("$.removed.coldNodes")
                .value(Integer.class, n -> assertThat(n).isPositive())
                .jsonPath("$.removed.coldRelationships")
                .value(Integer.class, n -> assertThat(n).isPositive());

        assertThat(results(search("alice", "{\"query\": \"parade\"}"))).isEmpty();
        assertThat(index.count("alice").values()).containsOnly(0L);
        assertThat(graph.residue("alice")).isZero();
        awaitIndexed("bob");
        assertThat(index.count("alice").values()).containsOnly(0L);
        assertThat(redisMentions("alice")).isEmpty();
        assertThat(results(search("bob", "{\"query\": \"parade\"}"))).isNotEmpty();
    }

    private static final String SISTER = """
            {"conversationId": "c2", "messages": [
              {"id": "c2/D1:1", "role": "user", "name": "Mel", "content": "I live in Boston with my sister Anna.", "timestamp": "2023-01-08T13:56:00Z"},
              {"id": "c2/D1:2", "role": "user", "name": "Caroline", "content": "How is the painting going?", "timestamp": "2023-01-08T13:57:00Z"},
              {"id": "c2/D2:1", "role": "user", "name": "Mel", "content": "Big news: I moved to Denver last week!", "timestamp": "2023-06-01T10:00:00Z"}
            ]}""";

    @Test
    void findsColdFactsWithTheirSourcesAndTimeAndPacksThoseThatHold() {
        write("alice", SISTER);
        awaitIndexed("alice");

        List<Map<?, ?>> facts =
                results(search("alice", "{\"query\": \"Where does Mel live?\", \"tiers\": [\"cold\"]}"));
        assertThat(facts).isNotEmpty().allSatisfy(r -> assertThat(r.get("tier")).isEqualTo("cold"));
        assertThat(facts)
                .anySatisfy(r -> {
                    assertThat(r.get("text").toString()).contains("lives in Denver");
                    assertThat((List<Object>) r.get("sources")).containsExactly("c2/D2:1");
                    assertThat(r.get("validFrom")).isEqualTo("2023-06-01T10:00:00Z");
                    assertThat(r.get("validTo")).isNull();
                })
                .anySatisfy(r -> {
                    assertThat(r.get("text").toString()).contains("lives in Boston");
                    assertThat((List<Object>) r.get("sources")).containsExactly("c2/D1:1");
                    assertThat(r.get("validTo")).isEqualTo("2023-06-01T10:00:00Z");
                });
        // no tiers named: WARM only (COLD is not in the default fusion, see bench/memory)
        assertThat(results(search("alice", "{\"query\": \"Where does Mel live?\"}")))
                .allSatisfy(r -> assertThat(r.get("tier")).isEqualTo("warm"));
        assertThat(results(search("alice", "{\"query\": \"Where does Mel live?\", \"tiers\": [\"warm\", \"cold\"]}")))
                .extracting(r -> String.valueOf(r.get("tier")))
                .contains("warm", "cold");
        // another user asks the same: nothing
        assertThat(results(search("bob", "{\"query\": \"Where does Mel live?\", \"tiers\": [\"cold\"]}")))
                .isEmpty();

        MemoryContext context = as("alice")
                .get()
                .uri("/v1/memories/context?query={q}&maxTokens=2000", "Where does Mel live?")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MemoryContext.class)
                .returnResult()
                .getResponseBody();
        assertThat(context.items())
                .filteredOn(item -> item.tier().equals("cold"))
                .isNotEmpty()
                .anySatisfy(item -> assertThat(item.text()).contains("lives in Denver"))
                .noneSatisfy(item -> assertThat(item.text()).contains("lives in Boston"));

        Map<?, ?> stats = stats("alice");
        Map<?, ?> cold = (Map<?, ?>) ((Map<?, ?>) stats.get("tiers")).get("cold");
        assertThat(((Number) cold.get("facts")).longValue()).isPositive();
        assertThat(((Number) cold.get("invalidated")).longValue()).isEqualTo(1L);
        assertThat(((Number) cold.get("pending")).longValue()).isZero();
    }

    @Test
    void deletesOneMessageAndTheSegmentsItIsIn() {
        write("alice", PARADE);
        awaitIndexed("alice");

        as("alice")
                .delete()
                .uri("/v1/memories/c1/D1:3")
                .exchange()
                .expectStatus()
                .isNoContent();

        as("alice").get().uri("/v1/memories/c1/D1:3").exchange().expectStatus().isNotFound();
        assertThat(results(search("alice", "{\"query\": \"painting a sunrise\", \"limit\": 100}")))
                .allSatisfy(r -> assertThat((List<Object>) r.get("sources")).doesNotContain("c1/D1:3"));
    }

    @Test
    void countsTheUsersHotConversations() {
        as("alice")
                .post()
                .uri("/v1/memory/alice/c7/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"role\":\"user\",\"content\":\"hello\"}")
                .exchange()
                .expectStatus()
                .isCreated();

        as("alice")
                .get()
                .uri("/v1/memories/stats")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tiers.hot.conversations")
                .isEqualTo(1);
        as("bob")
                .get()
                .uri("/v1/memories/stats")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tiers.hot.conversations")
                .isEqualTo(0);
    }

    @Test
    void packsRecentTurnsAndSearchResultsIntoTheBudget() {
        write("alice", PARADE);
        awaitIndexed("alice");
        as("alice")
                .post()
                .uri("/v1/memory/alice/c9/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"role\":\"user\",\"content\":\"What should I paint next?\"}")
                .exchange()
                .expectStatus()
                .isCreated();

        MemoryContext context = as("alice")
                .get()
                .uri("/v1/memories/context?query={q}&conversationId=c9&maxTokens=200", "What is Mel painting?")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MemoryContext.class)
                .returnResult()
                .getResponseBody();

        assertThat(context.items().get(0).tier()).isEqualTo("hot");
        assertThat(context.items().get(0).text()).isEqualTo("What should I paint next?");
        assertThat(context.items())
                .anySatisfy(item -> assertThat(item.sources()).contains("c1/D1:3"));
        assertThat(context.tokens()).isLessThanOrEqualTo(200);
    }

    @Test
    void refusesABadWriteWholeNamingTheFailingMessage() {
        expectProblem("/v1/memories", """
                {"messages": [{"role": "user", "content": "fine"}, {"role": "user", "content": "x", "timestamp": "yesterday"}]}""", HttpStatus.BAD_REQUEST, "messages[1].timestamp");
        expectProblem("/v1/memories", "{\"messages\": []}", HttpStatus.BAD_REQUEST, "messages");
        expectProblem(
                "/v1/memories",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"  \"}]}",
                HttpStatus.BAD_REQUEST,
                "messages[0].content");
        expectProblem(
                "/v1/memories",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(20_001) + "\"}]}",
                HttpStatus.CONTENT_TOO_LARGE,
                "messages[0].content");
        expectProblem(
                "/v1/memories",
                "{\"messages\": [{\"id\": \"../x\", \"role\": \"user\", \"content\": \"x\"}]}",
                HttpStatus.BAD_REQUEST,
                "messages[0].id");
        expectProblem("/v1/memories", "{\"messages\": 5}", HttpStatus.BAD_REQUEST, null);
        // nothing queued (the consumers may have re-created the flushed stream, empty, for their group)
        assertThat(redis.opsForStream().size("memory.ingest.it")).isZero();
    }

    @Test
    void refusesABadSearch() {
        expectProblem("/v1/memories/search", "{\"query\": \"x\", \"limit\": 0}", HttpStatus.BAD_REQUEST, "limit");
        expectProblem("/v1/memories/search", "{\"query\": \"x\", \"limit\": 101}", HttpStatus.BAD_REQUEST, "limit");
        expectProblem(
                "/v1/memories/search",
                "{\"query\": \"x\", \"tiers\": [\"lukewarm\"]}",
                HttpStatus.BAD_REQUEST,
                "tiers");
        expectProblem("/v1/memories/search", "{\"query\": \"\"}", HttpStatus.BAD_REQUEST, "query");
        expectProblem("/v1/memories/search", "{\"query\": \"x\", \"since\": \"May\"}", HttpStatus.BAD_REQUEST, "since");
        as("alice")
                .get()
                .uri("/v1/memories/context?maxTokens=0")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void refusesACallThatActsForNoUser() {
        RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/v1/memories/stats")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    private void expectProblem(String uri, String body, HttpStatus status, String detailMentions) {
        as("alice")
                .post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .value(String.class, type -> assertThat(type).startsWith("https://agentplatform.dev/problems/"))
                .jsonPath("$.detail")
                .value(String.class, detail -> {
                    if (detailMentions != null) {
                        assertThat(detail).contains(detailMentions);
                    }
                });
    }

    private Map<?, ?> write(String user, String body) {
        return as(user).post()
                .uri("/v1/memories")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private Map<?, ?> search(String user, String body) {
        return as(user).post()
                .uri("/v1/memories/search")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private Map<?, ?> stats(String user) {
        return as(user).get()
                .uri("/v1/memories/stats")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> results(Map<?, ?> found) {
        return (List<Map<?, ?>>) found.get("results");
    }

    private void awaitIndexed(String user) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Map<?, ?> stats = stats(user);
            if (((Number) stats.get("pending")).longValue() == 0) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the writes of " + user + " were not indexed within 30 s");
    }

    /** Every Redis key whose name or (string, list, stream) content mentions {@code text}. */
    private List<String> redisMentions(String text) {
        List<String> found = new java.util.ArrayList<>();
        try (var keys = redis.scan(ScanOptions.scanOptions().count(1000).build())) {
            keys.forEachRemaining(key -> {
                String type = redis.type(key).code();
                String content = switch (type) {
                    case "string" -> redis.opsForValue().get(key);
                    case "list" -> String.valueOf(redis.opsForList().range(key, 0, -1));
                    case "hash" -> String.valueOf(redis.opsForHash().entries(key));
                    case "stream" ->
                        String.valueOf(
                                redis.opsForStream().range(key, org.springframework.data.domain.Range.unbounded()));
                    default -> "";
                };
                if (key.contains(text)
                        || (content != null && content.contains("\"" + text + "\""))
                        || (content != null && content.contains("user=" + text))) {
                    found.add(key);
                }
            });
        }
        return found;
    }
}
