package dev.agentplatform.memory.cold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;

/**
 * The COLD tier in Neo4j: per user, {@code (:Entity {userId, key, name, type})} nodes joined by
 * {@code [:FACT {userId, id, predicate, sentence, when, source, speaker, validFrom, validTo}]}
 * relationships. Every statement names the user in its own patterns (node and relationship
 * properties), so no query can reach another user's graph; ids are the message id and the fact's
 * place in it, so writing a message again changes nothing.
 *
 * <p>Time: a fact is valid from when its message was said. A functional fact (one lives in one
 * place) ends the current fact of the same subject and predicate with another object: that one
 * gets {@code validTo} and {@code invalidatedBy} (the message that said otherwise), and stays, so
 * the graph remembers what was true when.
 */
public final class ColdGraph {

    private final Driver driver;
    private final ColdProperties properties;
    private volatile boolean schema;

    public ColdGraph(Driver driver, ColdProperties properties) {
        this.driver = driver;
        this.properties = properties;
    }

    /**
     * One message's extraction, ready to be written.
     *
     * @param messageId the message (the facts' provenance)
     * @param speaker who said it, or {@code null}
     * @param at when it was said: the facts' {@code validFrom}
     * @param extraction what it says
     */
    public record Said(String messageId, String speaker, Instant at, Extraction extraction) {}

    /**
     * A fact found for a query.
     *
     * @param id the fact's id ({@code fact:<message id>#<n>})
     * @param subject the subject's name
     * @param predicate the predicate
     * @param object the object's name
     * @param sentence the sentence it was read from
     * @param when the time the sentence names, or {@code null}
     * @param source the message it came from
     * @param speaker who said it, or {@code null}
     * @param validFrom since when it holds
     * @param validTo until when it held, {@code null} while it holds
     * @param conversationId the conversation of its message, or {@code null}
     * @param hops 1 when it touches an entity of the query, 2 when one step further
     */
    public record Found(
            String id,
            String subject,
            String predicate,
            String object,
            String sentence,
            String when,
            String source,
            String speaker,
            Instant validFrom,
            Instant validTo,
            String conversationId,
            int hops) {}

    /** One user's messages of one conversation, as a write brought them. */
    public record Write(String userId, String conversationId, List<Said> messages) {}

    /** Writes the messages of one write in one transaction; idempotent. */
    public void write(String userId, String conversationId, List<Said> messages) {
        write(List.of(new Write(userId, conversationId, messages)));
    }

    /**
     * Writes several writes in one transaction with two statements for all of them (their entities,
     * then their facts), as if written one by one (a fact ends the facts it contradicts whichever
     * came first); idempotent. One transaction and two statements rather than two per write: each
     * commit is a log flush in Neo4j and each statement a round trip and a plan lookup.
     *
     * <p>{@code replan=skip}: Neo4j otherwise plans a statement again whenever the graph's statistics
     * have moved by enough (at most every 10 s), which a graph growing under ingest does all the time;
     * those plannings and the bytecode generated after each took over half of Neo4j's CPU (bench/memory).
     * Both plans are the same on an empty graph as on a full one (index seeks on the user and key,
     * expansions from bound entities), so the first one is kept.
     */
    public void write(List<Write> writes) {
        List<Map<String, Object>> entities = new ArrayList<>();
        List<Map<String, Object>> facts = new ArrayList<>();
        for (Write w : writes) {
            for (Said said : w.messages()) {
                for (Extraction.Entity e : said.extraction().entities()) {
                    entities.add(Map.of(
                            "userId",
                            w.userId(),
                            "key",
                            e.key(),
                            "name",
                            e.name(),
                            "type",
                            e.type().name()));
                }
                int n = 0;
                for (Extraction.Fact f : said.extraction().facts()) {
                    Map<String, Object> fact = new HashMap<>();
                    fact.put("userId", w.userId());
                    fact.put("conversationId", w.conversationId());
                    fact.put("id", "fact:" + said.messageId() + "#" + n++);
                    fact.put("subject", f.subject());
                    fact.put("predicate", f.predicate());
                    fact.put("object", f.object());
                    fact.put("functional", f.functional());
                    fact.put("when", f.when());
                    fact.put("sentence", f.sentence());
                    fact.put("source", said.messageId());
                    fact.put("speaker", said.speaker());
                    fact.put("validFrom", said.at().toEpochMilli());
                    facts.add(fact);
                }
            }
        }
        if (entities.isEmpty() && facts.isEmpty()) {
            return;
        }
        ensureSchema();
        try (var session = session()) {
            session.executeWrite(tx -> {
                if (!entities.isEmpty()) {
                    tx.run("""
                        CYPHER replan=skip
                        UNWIND $entities AS e
                        MERGE (n:Entity {userId: e.userId, key: e.key})
                          ON CREATE SET n.name = e.name, n.type = e.type
                        """, Map.of("entities", entities)).consume();
                }
                if (!facts.isEmpty()) {
                    tx.run("""
                            CYPHER replan=skip
                            UNWIND $facts AS f
                            MATCH (s:Entity {userId: f.userId, key: f.subject})
                            MATCH (o:Entity {userId: f.userId, key: f.object})
                            MERGE (s)-[r:FACT {userId: f.userId, id: f.id}]->(o)
                              ON CREATE SET r.predicate = f.predicate, r.functional = f.functional, r.when = f.when,
                                r.sentence = f.sentence, r.source = f.source, r.speaker = f.speaker,
                                r.conversationId = f.conversationId, r.validFrom = f.validFrom
                            WITH s, o, r, f WHERE f.functional
                            CALL (s, o, r, f) {
                              MATCH (s)-[old:FACT {userId: f.userId, predicate: f.predicate}]->(other:Entity {userId: f.userId})
                              WHERE other <> o AND old.validTo IS NULL AND old.validFrom <= f.validFrom
                              SET old.validTo = f.validFrom, old.invalidatedBy = f.source
                              RETURN count(old) AS ended
                            }
                            CALL (s, o, r, f) {
                              MATCH (s)-[newer:FACT {userId: f.userId, predicate: f.predicate}]->(other:Entity {userId: f.userId})
                              WHERE other <> o AND newer.validFrom > f.validFrom
                              WITH newer ORDER BY newer.validFrom ASC LIMIT 1
                              SET r.validTo = newer.validFrom, r.invalidatedBy = newer.source
                              RETURN count(newer) AS capped
                            }
                            RETURN count(r)
                            """, Map.of("facts", facts)).consume();
                }
                return null;
            });
        }
    }

    /**
     * Facts around the entities named by {@code keys}: those touching them (hop 1) and, unless
     * {@code hops} is 1, those one step further through entities that are not hubs (hop 2).
     */
    public List<Found> around(String userId, List<String> keys, int hops) {
        if (keys.isEmpty()) {
            return List.of();
        }
        ensureSchema();
        Map<String, Object> params =
                Map.of("userId", userId, "keys", keys, "limit", properties.candidates(), "hub", properties.hubDegree());
        Map<String, Found> found = new LinkedHashMap<>();
        try (var session = session()) {
            session.executeRead(tx -> {
                tx.run("""
                        MATCH (e:Entity {userId: $userId}) WHERE e.key IN $keys
                        MATCH (e)-[r:FACT {userId: $userId}]-(:Entity {userId: $userId})
                        WITH DISTINCT r LIMIT $limit
                        RETURN r, startNode(r).name AS subject, endNode(r).name AS object, 1 AS hops
                        """, params).forEachRemaining(row -> add(found, row));
                if (hops > 1) {
                    tx.run("""
                            MATCH (e:Entity {userId: $userId}) WHERE e.key IN $keys
                            MATCH (e)-[:FACT {userId: $userId}]-(n:Entity {userId: $userId})
                            WHERE NOT n.key IN $keys AND COUNT { (n)-[:FACT {userId: $userId}]-() } <= $hub
                            WITH DISTINCT n
                            MATCH (n)-[r:FACT {userId: $userId}]-(:Entity {userId: $userId})
                            WITH DISTINCT r LIMIT $limit
                            RETURN r, startNode(r).name AS subject, endNode(r).name AS object, 2 AS hops
                            """, params).forEachRemaining(row -> add(found, row));
                }
                return null;
            });
        }
        return List.copyOf(found.values());
    }

    private static void add(Map<String, Found> found, Record row) {
        Value r = row.get("r");
        String id = r.get("id").asString();
        if (found.containsKey(id)) {
            return;
        }
        found.put(
                id,
                new Found(
                        id,
                        row.get("subject").asString(),
                        r.get("predicate").asString(),
                        row.get("object").asString(),
                        r.get("sentence").asString(""),
                        r.get("when").isNull() ? null : r.get("when").asString(),
                        r.get("source").asString(),
                        r.get("speaker").isNull() ? null : r.get("speaker").asString(),
                        Instant.ofEpochMilli(r.get("validFrom").asLong()),
                        r.get("validTo").isNull()
                                ? null
                                : Instant.ofEpochMilli(r.get("validTo").asLong()),
                        r.get("conversationId").isNull()
                                ? null
                                : r.get("conversationId").asString(),
                        row.get("hops").asInt()));
    }

    /**
     * Removes the facts one message stated (and entities left with no fact); facts it had ended
     * hold again. Returns how many facts went.
     */
    public long deleteMessage(String userId, String messageId) {
        ensureSchema();
        Map<String, Object> params = Map.of("userId", userId, "source", messageId);
        try (var session = session()) {
            return session.executeWrite(tx -> {
                long facts = tx.run("""
                        MATCH (:Entity {userId: $userId})-[r:FACT {userId: $userId, source: $source}]->(:Entity {userId: $userId})
                        DELETE r
                        RETURN count(r) AS facts
                        """, params).single().get("facts").asLong();
                tx.run("""
                        MATCH (:Entity {userId: $userId})-[r:FACT {userId: $userId}]->(:Entity {userId: $userId})
                        WHERE r.invalidatedBy = $source
                        REMOVE r.validTo, r.invalidatedBy
                        """, params).consume();
                tx.run("""
                        MATCH (n:Entity {userId: $userId}) WHERE NOT (n)--()
                        DELETE n
                        """, params).consume();
                return facts;
            });
        }
    }

    /**
     * Removes every node and relationship of the user.
     *
     * @return {@code nodes} and {@code relationships} removed
     */
    public Map<String, Long> deleteUser(String userId) {
        ensureSchema();
        Map<String, Object> params = Map.of("userId", userId, "batch", 5_000);
        long relationships = 0;
        long nodes = 0;
        try (var session = session()) {
            while (true) {
                long gone = session.executeWrite(
                        tx -> tx.run("""
                                MATCH (:Entity {userId: $userId})-[r:FACT {userId: $userId}]->()
                                WITH r LIMIT $batch
                                DELETE r
                                RETURN count(r) AS gone
                                """, params).single().get("gone").asLong());
                relationships += gone;
                if (gone == 0) {
                    break;
                }
            }
            while (true) {
                long gone = session.executeWrite(
                        tx -> tx.run("""
                                MATCH (n:Entity {userId: $userId})
                                WITH n LIMIT $batch
                                DETACH DELETE n
                                RETURN count(n) AS gone
                                """, params).single().get("gone").asLong());
                nodes += gone;
                if (gone == 0) {
                    break;
                }
            }
        }
        Map<String, Long> removed = new LinkedHashMap<>();
        removed.put("nodes", nodes);
        removed.put("relationships", relationships);
        return removed;
    }

    /** The user's entities, facts that hold and facts that were ended. */
    public Map<String, Long> count(String userId) {
        ensureSchema();
        try (var session = session()) {
            return session.executeRead(tx -> {
                Record row = tx.run("""
                        RETURN COUNT { (:Entity {userId: $userId}) } AS entities,
                          COUNT { (:Entity {userId: $userId})-[r:FACT {userId: $userId}]->() WHERE r.validTo IS NULL } AS facts,
                          COUNT { (:Entity {userId: $userId})-[r:FACT {userId: $userId}]->() WHERE r.validTo IS NOT NULL } AS ended
                        """, Map.of("userId", userId)).single();
                Map<String, Long> counts = new LinkedHashMap<>();
                counts.put("entities", row.get("entities").asLong());
                counts.put("facts", row.get("facts").asLong());
                counts.put("invalidated", row.get("ended").asLong());
                return counts;
            });
        }
    }

    /** Nodes and relationships of any kind that carry the user's id: what a forget must leave at zero. */
    public long residue(String userId) {
        try (var session = session()) {
            return session.executeRead(tx ->
                    tx.run("""
                            RETURN COUNT { MATCH (n) WHERE n.userId = $userId }
                              + COUNT { MATCH ()-[r]->() WHERE r.userId = $userId } AS left
                            """, Map.of("userId", userId)).single().get("left").asLong());
        }
    }

    private org.neo4j.driver.Session session() {
        return driver.session(SessionConfig.forDatabase(properties.database()));
    }

    private void ensureSchema() {
        if (schema) {
            return;
        }
        synchronized (this) {
            if (schema) {
                return;
            }
            try (var session = session()) {
                session.run("CREATE INDEX memory_entity IF NOT EXISTS FOR (n:Entity) ON (n.userId, n.key)")
                        .consume();
                session.run("CREATE INDEX memory_fact_source IF NOT EXISTS FOR ()-[r:FACT]-() ON (r.userId, r.source)")
                        .consume();
                session.run("CALL db.awaitIndexes(60)").consume();
            }
            schema = true;
        }
    }
}
