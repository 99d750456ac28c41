package dev.agentplatform.router.history;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.RoutingDecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes decisions and outcomes to {@code router.routing_history} off the request path (a bounded
 * queue: under overload a history row is dropped, never a request slowed), and reads back what a
 * refit needs. One writer thread takes whatever has queued up and writes it with two statements:
 * one INSERT of every decision, then one UPDATE joining every outcome to its decision. Under load
 * that is two statements for hundreds of requests instead of two per request.
 */
public class RoutingHistory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutingHistory.class);

    /** Most rows one write takes (8 parameters a decision: far below PostgreSQL's 65,535). */
    static final int MAX_BATCH = 500;

    /**
     * How long the writer waits for more rows after a batch that was not full. At a few hundred
     * requests a second a batch is otherwise one or two rows, two statements per request; waiting
     * 50 ms lets a batch gather what arrives meanwhile. A history row is read only by a later refit.
     */
    static final long LINGER_MILLIS = 50;

    private record Decision(
            String taskId,
            String promptHash,
            byte[] embedding,
            String candidates,
            String agent,
            String team,
            String strategy,
            double confidence) {}

    private record Flush(CountDownLatch done) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread writer;
    private volatile boolean running = true;

    public RoutingHistory(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.writer = new Thread(this::run, "routing-history");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records the decision made for a task; its outcome joins it later. */
    public void recordDecision(String taskId, String promptHash, float[] embedding, RoutingDecision decision) {
        offer(new Decision(
                taskId,
                promptHash,
                embedding == null ? null : bytes(embedding),
                json.writeValueAsString(decision.candidates()),
                decision.agent(),
                decision.team(),
                decision.strategy().name(),
                decision.confidence()));
    }

    /**
     * Joins an agent attempt's outcome to its task: the first outcome, or a later success after a
     * failure (a fallback answered), so {@code success} says whether the task was answered and by whom.
     */
    public void recordOutcome(OutcomeRecorded outcome) {
        if (outcome.taskId() != null) {
            offer(outcome);
        }
    }

    /** Embeddings of the latest prompts each agent answered successfully, at most {@code limit} per agent. */
    public Map<String, List<float[]>> successfulPrompts(int limit) {
        Map<String, List<float[]>> result = new LinkedHashMap<>();
        jdbc.sql("SELECT outcome_agent, prompt_embedding FROM (SELECT outcome_agent, prompt_embedding, row_number() "
                        + "OVER (PARTITION BY outcome_agent ORDER BY decided_at DESC) AS rn FROM router.routing_history "
                        + "WHERE success AND prompt_embedding IS NOT NULL) latest WHERE rn <= ?")
                .param(limit)
                .query((rs, row) -> {
                    result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(floats(rs.getBytes(2)));
                    return null;
                })
                .list();
        return result;
    }

    /** Waits until everything recorded before this call is written; for tests. */
    public void flush() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        if (!queue.offer(new Flush(done), 10, TimeUnit.SECONDS) || !done.await(10, TimeUnit.SECONDS)) {
            throw new TimeoutException("routing history not written within 10 s");
        }
    }

    private void offer(Object item) {
        if (!queue.offer(item)) {
            log.debug("routing history queue full; a row is dropped");
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.size() < MAX_BATCH && batch.stream().noneMatch(Flush.class::isInstance)) {
                try {
                    Thread.sleep(LINGER_MILLIS);
                } catch (InterruptedException e) {
                    write(batch);
                    return;
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
            write(batch);
            batch.clear();
        }
    }

    /** Decisions first (an outcome always follows its decision into the queue), then outcomes. */
    private void write(List<Object> batch) {
        List<Decision> decisions = new ArrayList<>();
        Map<String, OutcomeRecorded> outcomes = new LinkedHashMap<>();
        List<Flush> flushes = new ArrayList<>();
        for (Object item : batch) {
            if (item instanceof Decision d) {
                decisions.add(d);
            } else if (item instanceof OutcomeRecorded o) {
                // several outcomes of one task in one batch: the first success, else the first
                // outcome, which is what applying them one by one leaves
                outcomes.merge(o.taskId(), o, (first, next) -> !first.success() && next.success() ? next : first);
            } else if (item instanceof Flush f) {
                flushes.add(f);
            }
        }
        try {
            if (!decisions.isEmpty()) {
                insert(decisions);
            }
            if (!outcomes.isEmpty()) {
                update(new ArrayList<>(outcomes.values()));
            }
        } catch (RuntimeException e) {
            log.warn("routing history write of {} rows failed: {}", batch.size() - flushes.size(), e.toString());
        }
        flushes.forEach(f -> f.done().countDown());
    }

    private void insert(List<Decision> decisions) {
        StringBuilder sql = new StringBuilder("INSERT INTO router.routing_history (task_id, prompt_hash, "
                + "prompt_embedding, candidates, agent, team, strategy, confidence) VALUES ");
        List<Object> params = new ArrayList<>(decisions.size() * 8);
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)");
            params.add(d.taskId());
            params.add(d.promptHash());
            params.add(d.embedding());
            params.add(d.candidates());
            params.add(d.agent());
            params.add(d.team());
            params.add(d.strategy());
            params.add(d.confidence());
        }
        sql.append(" ON CONFLICT (task_id) DO NOTHING");
        jdbc.sql(sql.toString()).params(params).update();
    }

    private void update(List<OutcomeRecorded> outcomes) {
        StringBuilder sql = new StringBuilder("UPDATE router.routing_history h SET success = v.success, "
                + "outcome_agent = v.agent, outcome_at = now() FROM (VALUES ");
        List<Object> params = new ArrayList<>(outcomes.size() * 3);
        for (int i = 0; i < outcomes.size(); i++) {
            OutcomeRecorded o = outcomes.get(i);
            sql.append(i == 0 ? "" : ", ").append("(CAST(? AS text), CAST(? AS boolean), CAST(? AS text))");
            params.add(o.taskId());
            params.add(o.success());
            params.add(o.agent());
        }
        sql.append(") AS v (task_id, success, agent) WHERE h.task_id = v.task_id "
                + "AND (h.success IS NULL OR (v.success AND NOT h.success))");
        jdbc.sql(sql.toString()).params(params).update();
    }

    static byte[] bytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    @Override
    public void close() {
        // what was recorded before the stop is written, as the executor this writer replaced did
        try {
            flush();
        } catch (Exception e) {
            log.warn("routing history not fully written at shutdown: {}", e.toString());
        }
        running = false;
        writer.interrupt();
    }
}
