package dev.agentplatform.memory.memories;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.memory.cold.ColdGraph;
import dev.agentplatform.memory.cold.ColdProperties;
import dev.agentplatform.memory.cold.ColdSearch;
import dev.agentplatform.memory.cold.TierFusion;
import dev.agentplatform.memory.hot.HotMemoryStore;
import dev.agentplatform.memory.ingest.IngestProperties;
import dev.agentplatform.memory.ingest.IngestQueue;
import dev.agentplatform.memory.ingest.IngestedMessage;
import dev.agentplatform.memory.ingest.MemoriesAccepted;
import dev.agentplatform.memory.ingest.UserLocks;
import dev.agentplatform.memory.memories.MemoryRequests.Result;
import dev.agentplatform.memory.warm.Memory;
import dev.agentplatform.memory.warm.WarmIndex;
import dev.agentplatform.memory.warm.WarmQuery;
import dev.agentplatform.memory.warm.WarmSearch;
import dev.agentplatform.support.PlatformException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The memory API's steps: a write validated whole (or refused whole, naming the failing message)
 * and queued for the WARM tier; search over the tiers; reading, deleting and forgetting a user's
 * memories. Every method takes the user from the caller's credential, never from a request body.
 */
@Service
class MemoryService {

    static final Set<String> TIERS = Set.of("hot", "warm", "cold");

    /** Ids the client may give: path-safe, so {@code GET /v1/memories/{id}} can name them. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]+(/[A-Za-z0-9._:@-]+)*");

    /** A path segment that is only dots: the gateway refuses such paths, so such an id could never be read. */
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    private static final Pattern CONVERSATION = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final int MAX_ID = 200;
    private static final int MAX_QUERY = 2_000;

    private final IngestQueue queue;
    private final IngestProperties ingest;
    private final WarmIndex index;
    private final WarmSearch search;
    private final HotMemoryStore hot;
    private final UserLocks locks;
    private final Clock clock;
    private final ColdGraph graph;
    private final ColdSearch coldSearch;
    private final ColdProperties cold;

    MemoryService(
            IngestQueue queue,
            IngestProperties ingest,
            WarmIndex index,
            WarmSearch search,
            HotMemoryStore hot,
            UserLocks locks,
            Optional<Clock> clock,
            Optional<ColdGraph> graph,
            Optional<ColdSearch> coldSearch,
            ColdProperties cold) {
        this.queue = queue;
        this.ingest = ingest;
        this.index = index;
        this.search = search;
        this.hot = hot;
        this.locks = locks;
        this.clock = clock.orElse(Clock.systemUTC());
        this.graph = graph.orElse(null);
        this.coldSearch = coldSearch.orElse(null);
        this.cold = cold;
    }

    MemoryRequests.Accepted write(String userId, MemoryRequests.Write write) {
        if (write == null || write.messages() == null || write.messages().isEmpty()) {
            throw invalid("messages must hold at least one message");
        }
        if (write.messages().size() > ingest.maxMessages()) {
            throw tooLarge("at most " + ingest.maxMessages() + " messages per write");
        }
        String conversationId = write.conversationId();
        if (conversationId != null && !CONVERSATION.matcher(conversationId).matches()) {
            throw invalid("conversationId must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<IngestedMessage> messages = new ArrayList<>(write.messages().size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < write.messages().size(); i++) {
            MemoryRequests.Message m = write.messages().get(i);
            String at = "messages[" + i + "]";
            if (m == null) {
                throw invalid(at + " must be an object");
            }
            if (m.role() == null || m.role().isBlank() || m.role().length() > 32) {
                throw invalid(at + ".role must be 1 to 32 characters");
            }
            if (m.content() == null || m.content().isBlank()) {
                throw invalid(at + ".content must not be empty");
            }
            if (m.content().length() > ingest.maxMessageChars()) {
                throw tooLarge(at + ".content is longer than " + ingest.maxMessageChars() + " characters");
            }
            if (m.name() != null && m.name().length() > 200) {
                throw invalid(at + ".name must be at most 200 characters");
            }
            String id = m.id() == null ? UUID.randomUUID().toString() : m.id();
            if (id.length() > MAX_ID
                    || !ID.matcher(id).matches()
                    || DOT_SEGMENT.matcher(id).find()
                    || id.startsWith("seg:")) {
                throw invalid(at + ".id must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':', '@', '-'"
                        + " and '/' between them, without '.' or '..' segments, not starting with 'seg:'");
            }
            if (!ids.add(id)) {
                throw invalid(at + ".id repeats an earlier message's id");
            }
            Instant timestamp = m.timestamp() == null ? now : instant(m.timestamp(), at + ".timestamp");
            messages.add(new IngestedMessage(id, m.role(), m.name(), m.content(), timestamp.toString()));
        }
        queue.enqueue(MemoriesAccepted.of(userId, conversationId, messages));
        return new MemoryRequests.Accepted(
                messages.size(), messages.stream().map(IngestedMessage::id).toList());
    }

    MemoryRequests.Results search(String userId, MemoryRequests.Search request) {
        long started = System.nanoTime();
        if (request == null || request.query() == null || request.query().isBlank()) {
            throw invalid("query must not be empty");
        }
        if (request.query().length() > MAX_QUERY) {
            throw invalid("query must be at most " + MAX_QUERY + " characters");
        }
        int limit = request.limit() == null ? 10 : request.limit();
        if (limit < 1 || limit > 100) {
            throw invalid("limit must be between 1 and 100");
        }
        Set<String> tiers = tiers(request.tiers());
        WarmQuery query = query(userId, request.conversationId(), request.since(), request.until());
        List<Result> warm = new ArrayList<>();
        if (tiers.contains("warm")) {
            for (WarmSearch.Hit hit : search.search(query, request.query(), limit)) {
                warm.add(result(hit.memory(), hit.score()));
            }
        }
        List<Result> results = warm;
        if (tiers.contains("cold") && coldSearch != null && (request.tiers() != null || cold.inDefaultSearch())) {
            List<Result> facts = graphCall(() -> coldResults(query, request.query(), limit));
            results = tiers.contains("warm") ? fuse(warm, facts, limit) : facts;
        }
        return new MemoryRequests.Results(results, (System.nanoTime() - started) / 1_000_000);
    }

    /** The COLD tier's facts for a query, within the query's conversation and time window. */
    List<Result> coldResults(WarmQuery query, String text, int limit) {
        List<Result> facts = new ArrayList<>();
        for (ColdSearch.Hit hit : coldSearch.search(query.userId(), text, limit * 3)) {
            ColdGraph.Found f = hit.fact();
            if ((query.conversationId() != null && !query.conversationId().equals(f.conversationId()))
                    || (query.since() != null && f.validFrom().isBefore(query.since()))
                    || (query.until() != null && !f.validFrom().isBefore(query.until()))) {
                continue;
            }
            facts.add(new Result(
                    f.id(),
                    ColdSearch.text(f),
                    hit.score(),
                    "cold",
                    List.of(f.source()),
                    f.validFrom(),
                    f.validTo(),
                    f.validFrom(),
                    f.conversationId()));
            if (facts.size() == limit) {
                break;
            }
        }
        return facts;
    }

    private List<Result> fuse(List<Result> warm, List<Result> facts, int limit) {
        List<Result> fused = new ArrayList<>(limit);
        for (TierFusion.Fused<Result> f : TierFusion.fuse(warm, facts, cold.weight(), limit, Result::sources)) {
            Result r = f.item();
            fused.add(new Result(
                    r.id(),
                    r.text(),
                    f.score(),
                    r.tier(),
                    r.sources(),
                    r.validFrom(),
                    r.validTo(),
                    r.timestamp(),
                    r.conversationId()));
        }
        return fused;
    }

    MemoryRequests.Stored get(String userId, String id) {
        Memory m = index.get(userId, id).orElseThrow(() -> notFound(id));
        return new MemoryRequests.Stored(
                m.id(), m.kind(), "warm", m.text(), m.role(), m.name(), m.conversationId(), m.timestamp(), m.sources());
    }

    void delete(String userId, String id) {
        ReentrantLock lock = locks.of(userId);
        lock.lock();
        try {
            long facts = graph == null ? 0 : graphCall(() -> graph.deleteMessage(userId, id));
            if (index.delete(userId, id) == 0 && facts == 0) {
                throw notFound(id);
            }
        } finally {
            lock.unlock();
        }
    }

    MemoryRequests.Forgotten forget(String userId) {
        ReentrantLock lock = locks.of(userId);
        lock.lock();
        try {
            Map<String, Long> removed = new LinkedHashMap<>();
            removed.put("pending", queue.forget(userId));
            removed.put("hot", hot.forgetUser(userId));
            removed.put("warm", index.deleteUser(userId));
            if (graph == null) {
                removed.put("cold", 0L);
            } else {
                Map<String, Long> graphRemoved = graphCall(() -> graph.deleteUser(userId));
                removed.put("cold", graphRemoved.get("nodes") + graphRemoved.get("relationships"));
                removed.put("coldNodes", graphRemoved.get("nodes"));
                removed.put("coldRelationships", graphRemoved.get("relationships"));
            }
            return new MemoryRequests.Forgotten(removed);
        } finally {
            lock.unlock();
        }
    }

    MemoryRequests.Stats stats(String userId) {
        IngestQueue.Pending pending = queue.pending(userId);
        Map<String, Map<String, Long>> tiers = new LinkedHashMap<>();
        tiers.put("hot", Map.of("conversations", hot.conversations(userId)));
        tiers.put("warm", index.count(userId));
        Map<String, Long> coldCounts = new LinkedHashMap<>();
        if (graph != null) {
            try {
                coldCounts.putAll(graph.count(userId));
            } catch (Neo4jException e) {
                coldCounts.put("unavailable", 1L); // stats still answer while the graph is away
            }
        }
        coldCounts.put("pending", queue.pendingCold(userId).messages());
        tiers.put("cold", coldCounts);
        long lag = pending.oldest() == null
                ? 0
                : Math.max(0, clock.millis() - pending.oldest().toEpochMilli());
        return new MemoryRequests.Stats(tiers, pending.messages(), lag, queue.deadLettered(userId));
    }

    static Result result(Memory m, double score) {
        return new Result(m.id(), m.text(), score, "warm", m.sources(), null, null, m.timestamp(), m.conversationId());
    }

    private static Set<String> tiers(List<String> requested) {
        if (requested == null) {
            return TIERS;
        }
        if (requested.isEmpty()) {
            throw invalid("tiers must name at least one of hot, warm, cold");
        }
        for (String tier : requested) {
            if (tier == null || !TIERS.contains(tier)) {
                throw invalid("tiers may hold only hot, warm and cold");
            }
        }
        return Set.copyOf(requested);
    }

    private static WarmQuery query(String userId, String conversationId, String since, String until) {
        if (conversationId != null && !CONVERSATION.matcher(conversationId).matches()) {
            throw invalid("conversationId must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'");
        }
        Instant from = since == null ? null : instant(since, "since");
        Instant to = until == null ? null : instant(until, "until");
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("since must be before until");
        }
        return new WarmQuery(userId, conversationId, from, to);
    }

    /** A call to the COLD graph; the graph being away is a 503 problem, not a 500. */
    static <T> T graphCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw new PlatformException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.UNAVAILABLE,
                    "Graph memory unavailable",
                    "The COLD tier's graph database does not answer; try again shortly");
        }
    }

    static Instant instant(String text, String field) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be an ISO-8601 date-time with an offset, e.g. 2024-05-08T13:56:00Z");
        }
    }

    static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }

    private static PlatformException tooLarge(String detail) {
        return new PlatformException(
                HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", detail);
    }

    private static PlatformException notFound(String id) {
        return new PlatformException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "No memory " + id);
    }
}
