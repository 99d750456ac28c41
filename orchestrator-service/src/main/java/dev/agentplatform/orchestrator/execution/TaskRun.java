package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.task.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One task being run: the request, the caller, the conversation so far, and what its attempts left
 * behind. Event ids derive from the task id, so running the same task again (a reclaimed async
 * task) publishes the same ids and consumers, idempotent by id, count it once.
 */
final class TaskRun {

    private final ExecutionRequest request;
    private final Caller caller;
    private final List<ChatMessage> history;
    private final long startedNanos;
    private final Map<String, AtomicInteger> sequences = new ConcurrentHashMap<>();
    private final List<Map<String, String>> failures = new CopyOnWriteArrayList<>();
    private volatile RuntimeException unbooked;
    private volatile BudgetRefused refused;
    private final ModelTier tierCap;

    /**
     * @param tierCap the most expensive tier the task's calls may use, from what is left of the
     *     caller's budget and from this instance's load; {@code null} when any may
     */
    TaskRun(ExecutionRequest request, Caller caller, List<ChatMessage> history, long startedNanos, ModelTier tierCap) {
        this.tierCap = tierCap;
        this.request = request;
        this.caller = caller;
        this.history = List.copyOf(history);
        this.startedNanos = startedNanos;
    }

    ExecutionRequest request() {
        return request;
    }

    String taskId() {
        return request.taskId();
    }

    String prompt() {
        return request.task().prompt();
    }

    Caller caller() {
        return caller;
    }

    List<ChatMessage> history() {
        return history;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** A stable id for the {@code n}-th event of {@code kind} about {@code agent} in this task. */
    String eventId(String kind, String agent) {
        int n = sequences
                .computeIfAbsent(kind + '\n' + agent, k -> new AtomicInteger())
                .incrementAndGet();
        String key = request.taskId() + '\n' + kind + '\n' + agent + '\n' + n;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Records that a usage event of this task could not be booked: the task must not be answered. */
    void unbooked(RuntimeException cause) {
        unbooked = cause;
    }

    /** Why a usage event of this task could not be booked, or {@code null} when all were. */
    RuntimeException unbooked() {
        return unbooked;
    }

    /** The most expensive tier this task's calls may use, or {@code null} when any may. */
    ModelTier tierCap() {
        return tierCap;
    }

    /** Records that a budget had no room for one of this task's calls. */
    void refused(BudgetRefused cause) {
        refused = cause;
    }

    /** The last budget refusal of this task's calls, or {@code null} when none was refused. */
    BudgetRefused refused() {
        return refused;
    }

    void failed(String agent, String errorKind) {
        failures.add(Map.of("agent", agent, "errorKind", errorKind));
    }

    List<Map<String, String>> failures() {
        return List.copyOf(failures);
    }
}
