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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes decisions and outcomes to {@code router.routing_history} off the request path (a bounded
 * queue: under overload a history row is dropped, never a request slowed), and reads back what a
 * refit needs.
 */
public class RoutingHistory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutingHistory.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ThreadPoolExecutor writer =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), r -> {
                Thread thread = new Thread(r, "routing-history");
                thread.setDaemon(true);
                return thread;
            });

    public RoutingHistory(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records the decision made for a task; its outcome joins it later. */
    public void recordDecision(String taskId, String promptHash, float[] embedding, RoutingDecision decision) {
        submit(() -> jdbc.sql(
                        "INSERT INTO router.routing_history (task_id, prompt_hash, prompt_embedding, candidates, agent, "
                                + "team, strategy, confidence) VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?) "
                                + "ON CONFLICT (task_id) DO NOTHING")
                .params(
                        taskId,
                        promptHash,
                        embedding == null ? null : bytes(embedding),
                        json.writeValueAsString(decision.candidates()),
                        decision.agent(),
                        decision.team(),
                        decision.strategy().name(),
                        decision.confidence())
                .update());
    }

    /**
     * Joins an agent attempt's outcome to its task: the first outcome, or a later success after a
     * failure (a fallback answered), so {@code success} says whether the task was answered and by whom.
     */
    public void recordOutcome(OutcomeRecorded outcome) {
        if (outcome.taskId() == null) {
            return;
        }
        submit(() -> jdbc.sql("UPDATE router.routing_history SET success = ?, outcome_agent = ?, outcome_at = now() "
                        + "WHERE task_id = ? AND (success IS NULL OR (? AND NOT success))")
                .params(outcome.success(), outcome.agent(), outcome.taskId(), outcome.success())
                .update());
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

    /** Waits until the queued writes are done; for tests. */
    public void flush() throws Exception {
        // one writer thread, first in first out: when this no-op has run, everything before it has
        writer.submit(() -> {}).get(10, TimeUnit.SECONDS);
    }

    private void submit(Runnable write) {
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    log.warn("routing history write failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("routing history queue full; a row is dropped");
        }
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
        writer.shutdown();
    }
}
