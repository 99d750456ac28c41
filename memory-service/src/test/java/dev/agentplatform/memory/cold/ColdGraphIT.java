package dev.agentplatform.memory.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devinfra.TestInfrastructure;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The COLD graph against a real Neo4j (the embedded server of dev-neo4j in its own process, or
 * {@code NEO4J_URI}): facts keep their time and provenance, a contradicting fact ends the old one,
 * retrieval follows two hops and never leaves the user, forgetting leaves no node or relationship.
 * Each test uses user ids of its own.
 */
class ColdGraphIT {

    private static Driver driver;
    private static ColdGraph graph;
    private static final RuleExtractor EXTRACTOR = new RuleExtractor();

    @BeforeAll
    static void connect() {
        String password = System.getenv("NEO4J_PASSWORD");
        driver = GraphDatabase.driver(
                TestInfrastructure.neo4jUri(),
                password == null || password.isBlank()
                        ? AuthTokens.none()
                        : AuthTokens.basic(System.getenv().getOrDefault("NEO4J_USERNAME", "neo4j"), password));
        graph = new ColdGraph(driver, new ColdProperties(null, "neo4j", null, "neo4j", 2, 60, 2000, 0.5, false));
    }

    @AfterAll
    static void close() {
        driver.close();
    }

    private static String user() {
        return "u-" + UUID.randomUUID();
    }

    private static void say(String user, String id, String speaker, String at, String text) {
        graph.write(
                user,
                "c1",
                List.of(new ColdGraph.Said(id, speaker, Instant.parse(at), EXTRACTOR.extract(speaker, text))));
    }

    private static ColdGraph.Found fact(String user, String entity, String predicate, String object) {
        return graph.around(user, List.of(entity), 1).stream()
                .filter(f -> f.predicate().equals(predicate) && f.object().equalsIgnoreCase(object))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + entity + " " + predicate + " " + object));
    }

    @Test
    void aNewPlaceEndsTheOldOneWhichStaysWithItsTime() {
        String u = user();
        say(u, "m1", "Caroline", "2023-01-10T10:00:00Z", "I live in Boston.");
        say(u, "m2", "Caroline", "2023-06-01T10:00:00Z", "I moved to Denver last month!");

        ColdGraph.Found boston = fact(u, "caroline", "lives_in", "Boston");
        ColdGraph.Found denver = fact(u, "caroline", "lives_in", "Denver");
        assertThat(boston.source()).isEqualTo("m1");
        assertThat(boston.validFrom()).isEqualTo(Instant.parse("2023-01-10T10:00:00Z"));
        assertThat(boston.validTo()).isEqualTo(Instant.parse("2023-06-01T10:00:00Z"));
        assertThat(denver.source()).isEqualTo("m2");
        assertThat(denver.validTo()).isNull();
        assertThat(graph.count(u)).containsEntry("invalidated", 1L);
    }

    @Test
    void writesOfOneBatchInOneTransactionActAsIfWrittenOneByOne() {
        String u = user();
        String other = user();
        graph.write(List.of(
                new ColdGraph.Write(
                        u, "c1", List.of(said("m1", "Caroline", "2023-01-10T10:00:00Z", "I live in Boston."))),
                new ColdGraph.Write(
                        other, "c9", List.of(said("x1", "Caroline", "2023-02-01T10:00:00Z", "I live in Paris."))),
                new ColdGraph.Write(
                        u,
                        "c2",
                        List.of(said("m2", "Caroline", "2023-06-01T10:00:00Z", "I moved to Denver last month!")))));

        assertThat(fact(u, "caroline", "lives_in", "Boston").validTo())
                .isEqualTo(Instant.parse("2023-06-01T10:00:00Z"));
        assertThat(fact(u, "caroline", "lives_in", "Denver").validTo()).isNull();
        assertThat(fact(other, "caroline", "lives_in", "Paris").validTo()).isNull();
        assertThat(graph.around(u, List.of("caroline"), 1))
                .extracting(ColdGraph.Found::object)
                .doesNotContain("Paris");
    }

    private static ColdGraph.Said said(String id, String speaker, String at, String text) {
        return new ColdGraph.Said(id, speaker, Instant.parse(at), EXTRACTOR.extract(speaker, text));
    }

    @Test
    void anOlderFactArrivingLateIsEndedByTheNewerOne() {
        String u = user();
        say(u, "m2", "Caroline", "2023-06-01T10:00:00Z", "I moved to Denver.");
        say(u, "m1", "Caroline", "2023-01-10T10:00:00Z", "I live in Boston.");

        assertThat(fact(u, "caroline", "lives_in", "Boston").validTo())
                .isEqualTo(Instant.parse("2023-06-01T10:00:00Z"));
        assertThat(fact(u, "caroline", "lives_in", "Denver").validTo()).isNull();
    }

    @Test
    void writingAMessageAgainChangesNothing() {
        String u = user();
        say(u, "m1", "Mel", "2023-01-10T10:00:00Z", "My sister Anna lives in Paris.");
        var once = graph.count(u);
        say(u, "m1", "Mel", "2023-01-10T10:00:00Z", "My sister Anna lives in Paris.");
        assertThat(graph.count(u)).isEqualTo(once);
    }

    @Test
    void followsTwoHopsFromTheQuerysEntities() {
        String u = user();
        say(u, "m1", "Mel", "2023-01-10T10:00:00Z", "My sister Anna is a nurse.");
        say(u, "m2", "Mel", "2023-02-10T10:00:00Z", "Anna moved to Lisbon in March.");

        List<ColdGraph.Found> around = graph.around(u, List.of("mel"), 2);
        assertThat(around)
                .anySatisfy(f -> {
                    assertThat(f.predicate()).isEqualTo("sister_of");
                    assertThat(f.hops()).isEqualTo(1);
                })
                .anySatisfy(f -> {
                    assertThat(f.predicate()).isEqualTo("lives_in");
                    assertThat(f.object()).isEqualTo("Lisbon");
                    assertThat(f.source()).isEqualTo("m2");
                    assertThat(f.hops()).isEqualTo(2);
                });
        assertThat(graph.around(u, List.of("mel"), 1))
                .noneMatch(f -> f.predicate().equals("lives_in"));

        List<ColdSearch.Hit> hits = new ColdSearch(
                        graph, EXTRACTOR, new ColdProperties(null, "neo4j", null, "neo4j", 2, 60, 2000, 0.5, false))
                .search(u, "Where did Mel's sister move to?", 5);
        assertThat(hits).anySatisfy(h -> {
            assertThat(h.fact().predicate()).isEqualTo("lives_in");
            assertThat(h.fact().source()).isEqualTo("m2");
        });
    }

    @Test
    void neverReachesAnotherUsersGraph() {
        String alice = user();
        String bob = user();
        say(alice, "m1", "Mel", "2023-01-10T10:00:00Z", "My sister Anna lives in Paris.");
        say(bob, "m1", "Mel", "2023-01-10T10:00:00Z", "My sister Anna lives in Rome.");

        assertThat(graph.around(alice, List.of("mel", "anna"), 2))
                .isNotEmpty()
                .noneMatch(f -> f.object().equals("Rome") || f.sentence().contains("Rome"));
        assertThat(graph.around(user(), List.of("mel", "anna"), 2)).isEmpty();
    }

    @Test
    void forgettingAUserLeavesNoNodeOrRelationshipOfIt() {
        String alice = user();
        String bob = user();
        say(alice, "m1", "Mel", "2023-01-10T10:00:00Z", "My sister Anna lives in Paris. I adopted a puppy.");
        say(alice, "m2", "Mel", "2023-02-10T10:00:00Z", "Anna moved to Lisbon.");
        say(bob, "b1", "Jon", "2023-01-10T10:00:00Z", "I work at Acme Inc.");
        assertThat(graph.residue(alice)).isPositive();

        var removed = graph.deleteUser(alice);

        assertThat(removed.get("nodes")).isPositive();
        assertThat(removed.get("relationships")).isPositive();
        assertThat(graph.residue(alice)).isZero();
        assertThat(graph.count(alice).values()).containsOnly(0L);
        assertThat(graph.count(bob).get("facts")).isPositive();
    }

    @Test
    void deletingAMessageRemovesItsFactsAndReopensWhatItEnded() {
        String u = user();
        say(u, "m1", "Caroline", "2023-01-10T10:00:00Z", "I live in Boston.");
        say(u, "m2", "Caroline", "2023-06-01T10:00:00Z", "I moved to Denver.");

        assertThat(graph.deleteMessage(u, "m2")).isPositive();

        assertThat(graph.around(u, List.of("caroline"), 2))
                .noneMatch(f -> f.source().equals("m2"));
        assertThat(fact(u, "caroline", "lives_in", "Boston").validTo()).isNull();
        assertThat(graph.around(u, List.of("denver"), 1)).isEmpty();
    }
}
