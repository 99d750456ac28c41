package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.ToolCallRecord;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.client.McpClient;
import dev.agentplatform.orchestrator.event.ExecutionEvents;
import dev.agentplatform.orchestrator.event.UsageNotBooked;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import dev.agentplatform.orchestrator.provider.LlmRequest;
import dev.agentplatform.orchestrator.provider.LlmTool;
import dev.agentplatform.orchestrator.provider.ProviderException;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import dev.agentplatform.orchestrator.provider.TokenSink;
import dev.agentplatform.orchestrator.resilience.Breakers;
import dev.agentplatform.orchestrator.resilience.GuardedProviders;
import dev.agentplatform.orchestrator.resilience.ResilienceProperties;
import dev.agentplatform.orchestrator.task.Caller;
import dev.agentplatform.orchestrator.tool.AgentTools;
import dev.agentplatform.orchestrator.tool.ToolResultGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Runs one agent attempt behind the agent's circuit breaker: its declared capabilities through
 * mcp-service, then its provider chain (with the provider guards), then one usage event per LLM
 * call and one outcome event for the attempt. An agent whose provider is a real LLM uses its
 * capabilities by function calling ({@link ToolLoop}); otherwise (the simulated provider, or no
 * tool list to be had) each capability is called once with the prompt before the LLM call, and
 * the answer may stream. Every tool result passes the injection guard ({@link ToolResultGuard}) before
 * a model reads it. Before the provider is called its worst case is held in the user's budgets (or,
 * when they are too small for it, that of cheaper models, which the attempt then calls); the
 * attempt's usage events name the hold and the last one settles it ({@link BudgetHolds}), an attempt
 * that spent nothing gives it back (mostly the hold is a draw on the caller's budget lease: its
 * events name the lease, settle nothing, and the attempt's end frees what it drew beyond them); an
 * attempt no budget has room for fails with {@code budget_exhausted}. An attempt cancelled by its caller (a PARALLEL loser) neither counts
 * against the breaker nor publishes an outcome: the agent did not fail.
 */
@Component
class AgentRunner {

    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

    /** The error kind of an attempt no budget had room for. */
    static final String BUDGET_EXHAUSTED = "budget_exhausted";

    /** The provider of the usage events of capability (MCP tool) calls. */
    static final String TOOL_PROVIDER = "mcp";

    private final GuardedProviders providers;
    private final Breakers breakers;
    private final McpClient mcp;
    private final ExecutionEvents events;
    private final AgentMetrics metrics;
    private final ResilienceProperties resilience;
    private final ProviderRegistry registry;
    private final ToolLoop toolLoop;
    private final ToolResultGuard guard;
    private final HistoryBudget history;
    private final BudgetHolds holds;

    AgentRunner(
            GuardedProviders providers,
            Breakers breakers,
            McpClient mcp,
            ExecutionEvents events,
            AgentMetrics metrics,
            ResilienceProperties resilience,
            ProviderRegistry registry,
            ToolLoop toolLoop,
            ToolResultGuard guard,
            HistoryBudget history,
            BudgetHolds holds) {
        this.providers = providers;
        this.breakers = breakers;
        this.mcp = mcp;
        this.events = events;
        this.metrics = metrics;
        this.resilience = resilience;
        this.registry = registry;
        this.toolLoop = toolLoop;
        this.guard = guard;
        this.history = history;
        this.holds = holds;
    }

    /**
     * Runs {@code agent} for {@code run}.
     *
     * @param configured whether the agent comes from this orchestrator's catalog (metrics only for those)
     * @param draft an earlier agent's answer to refine (CASCADE), or {@code null}
     * @param deadlineNanos when the attempt must be over, {@link System#nanoTime()} scale
     * @param sink where the answer streams to as it comes, or {@code null} to answer whole
     */
    Attempt run(TaskRun run, Agent agent, boolean configured, String draft, long deadlineNanos, TokenSink sink) {
        long started = System.nanoTime();
        CircuitBreaker breaker = breakers.agent(agent.name());
        if (!breaker.tryAcquirePermission()) {
            // Fail fast: no tools, no provider, and the router still learns the agent is down.
            outcome(run, agent.name(), since(started), GuardedProviders.CIRCUIT_OPEN);
            if (configured) {
                metrics.rejected(agent.name());
            }
            run.failed(agent.name(), GuardedProviders.CIRCUIT_OPEN);
            return Attempt.failed(agent, GuardedProviders.CIRCUIT_OPEN, List.of(), BigDecimal.ZERO);
        }

        boolean realModel =
                registry.info(agent.provider()).map(info -> !info.simulated()).orElse(false);
        ModelParameters parameters = run.request().task().effectiveParameters();
        // The client's own tools take the place of the agent's capabilities: the client runs them.
        boolean clientTools = parameters.hasTools();
        AgentTools tools = realModel && !clientTools ? toolLoop.tools(agent) : AgentTools.of(Map.of());
        List<ToolCallRecord> toolCalls = new ArrayList<>();
        List<ChatMessage> toolOutputs = new ArrayList<>();
        // capabilities called once before the model (no function calling); with function calling
        // the agent's capabilities are what the loop may call
        List<String> capabilities = tools.isEmpty() && !clientTools ? agent.capabilities() : List.of();
        List<LlmTool> offered = clientTools
                ? parameters.tools().stream()
                        .map(t -> new LlmTool(t.name(), t.description(), t.parameters()))
                        .toList()
                : List.of();
        long deadline =
                Math.min(deadlineNanos, started + resilience.agentTimeout().toNanos());
        BudgetHolds.Hold hold;
        try {
            // held before any paid call, the capabilities' included
            hold = holds.hold(
                    run.caller(),
                    agent,
                    messages(run, agent, draft, List.of()),
                    tools.isEmpty() ? capabilities.size() : agent.capabilities().size(),
                    parameters.maxTokens(),
                    run.tierCap());
            if (hold.downgraded()) {
                // the budget holds only cheaper models: the agent calls those
                agent = new Agent(
                        agent.name(),
                        agent.team(),
                        agent.systemPrompt(),
                        hold.chain(),
                        agent.capabilities(),
                        agent.tier());
            }
        } catch (BudgetRefused refused) {
            // not the agent's failure: no breaker error, no outcome
            breaker.releasePermission();
            run.refused(refused);
            run.failed(agent.name(), BUDGET_EXHAUSTED);
            return Attempt.failed(agent, BUDGET_EXHAUSTED, List.of(), BigDecimal.ZERO);
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        Agent running = agent;
        Bookings bookings = new Bookings(run, hold);
        try {
            for (String capability : capabilities) {
                toolCalls.add(useCapability(agent, capability, run.prompt(), toolOutputs));
            }
            List<ChatMessage> messages = messages(run, agent, draft, toolOutputs);
            LlmCompletion completion;
            if (sink != null) {
                sink.attempt(agent.name(), hold.downgradedFrom());
            }
            if (tools.isEmpty()) {
                completion = providers.complete(
                        agent.providers(),
                        new LlmRequest(run.taskId(), agent.name(), messages, offered, List.of(), parameters),
                        deadline,
                        sink,
                        run.caller().tier());
                bookings.add(usageEvent(run, running, completion));
            } else {
                // function calling takes whole answers; a stream gets the final one as one piece
                completion = toolLoop.complete(
                        run.taskId(),
                        running,
                        messages,
                        tools,
                        deadline,
                        parameters,
                        run.caller().tier(),
                        toolCalls,
                        call -> bookings.add(usageEvent(run, running, call)));
            }
            toolUsage(run, agent, toolCalls, bookings);
            boolean settled = bookings.settle();
            holds.ended(run.caller(), hold, settled, bookings.costUsd());
            Duration elapsed = since(started);
            breaker.onSuccess(elapsed.toNanos(), TimeUnit.NANOSECONDS);
            outcome(run, agent.name(), elapsed, null);
            if (configured) {
                metrics.attempted(agent.name(), true, elapsed);
            }
            return new Attempt(
                    agent, completion, null, toolCalls, cost(toolCalls), elapsed.toMillis(), hold.downgradedFrom());
        } catch (RuntimeException e) {
            // paid calls before the failure (capabilities, tool loop rounds) are booked, and the last
            // settles the hold; with none, the hold is given back
            toolUsage(run, agent, toolCalls, bookings);
            boolean settled = bookings.settle();
            holds.ended(run.caller(), hold, settled, bookings.costUsd());
            Duration elapsed = since(started);
            String kind = e instanceof ProviderException p ? p.errorKind() : ProviderException.PROVIDER_ERROR;
            if (GuardedProviders.CANCELLED.equals(kind)) {
                breaker.releasePermission();
                return Attempt.failed(agent, kind, toolCalls, cost(toolCalls));
            }
            breaker.onError(elapsed.toNanos(), TimeUnit.NANOSECONDS, e);
            if (e instanceof ProviderException) {
                log.warn("task {}: agent {} failed ({}): {}", run.taskId(), agent.name(), kind, e.getMessage());
            } else {
                log.error("task {}: agent {} failed unexpectedly", run.taskId(), agent.name(), e);
            }
            outcome(run, agent.name(), elapsed, kind);
            if (configured) {
                metrics.attempted(agent.name(), false, elapsed);
            }
            run.failed(agent.name(), kind);
            return Attempt.failed(agent, kind, toolCalls, cost(toolCalls));
        }
    }

    /**
     * What the model is sent: the agent's system prompt, the conversation so far (as much as the
     * model's history budget holds, newest kept), capability outputs, a CASCADE's draft, and the
     * prompt last, unless the conversation already ends after it (a client continuing with the
     * results of its own tool calls).
     */
    private List<ChatMessage> messages(TaskRun run, Agent agent, String draft, List<ChatMessage> toolOutputs) {
        List<ChatMessage> messages = new ArrayList<>();
        if (agent.systemPrompt() != null) {
            messages.add(new ChatMessage(
                    "system",
                    draft == null
                            ? agent.systemPrompt()
                            : agent.systemPrompt() + " Another agent drafted an answer (the assistant message"
                                    + " before the request): keep what is right, fix what is wrong and complete it."));
        } else if (draft != null) {
            messages.add(new ChatMessage(
                    "system",
                    "Another agent drafted an answer (the assistant message before the request): keep what is"
                            + " right, fix what is wrong and complete it."));
        }
        List<ChatMessage> remembered = history.fit(run.history(), registry.historyTokens(agent.provider()));
        messages.addAll(remembered);
        messages.addAll(toolOutputs);
        if (draft != null) {
            messages.add(new ChatMessage("assistant", draft));
        }
        if (!continuesAfterPrompt(remembered) || draft != null) {
            messages.add(new ChatMessage("user", run.prompt()));
        }
        return messages;
    }

    /**
     * Whether the conversation already goes on after the prompt: it ends with the results of tool
     * calls, or with the calls themselves. A client continuing after its own tool calls sends its
     * whole conversation, the prompt included, so the prompt is not repeated at the end.
     */
    static boolean continuesAfterPrompt(List<ChatMessage> history) {
        if (history.isEmpty()) {
            return false;
        }
        ChatMessage last = history.get(history.size() - 1);
        return "tool".equals(last.role()) || ("assistant".equals(last.role()) && last.toolCalls() != null);
    }

    /**
     * An attempt's usage events, published one behind, so that the last can say it settles the
     * attempt's hold: cost-service books each in the ledger and the hold's budgets, and gives back
     * what the hold kept beyond them with the last. One that cannot be booked does not fail the
     * attempt (the call was made and paid for); the task is refused when it would be answered.
     */
    private final class Bookings {

        private final TaskRun run;
        private final BudgetHolds.Hold hold;
        private UsageRecorded pending;
        private BigDecimal costUsd = BigDecimal.ZERO;

        Bookings(TaskRun run, BudgetHolds.Hold hold) {
            this.run = run;
            this.hold = hold;
        }

        void add(UsageRecorded event) {
            if (pending != null) {
                publish(pending, false);
            }
            pending = event;
        }

        /** What the events published (or tried to) cost together. */
        BigDecimal costUsd() {
            return costUsd;
        }

        /**
         * Publishes the last event as the hold's settlement (a draw on a lease is settled by none);
         * {@code false} when there was none.
         */
        boolean settle() {
            if (pending == null) {
                return false;
            }
            UsageRecorded last = pending;
            pending = null;
            return publish(last, true);
        }

        private boolean publish(UsageRecorded event, boolean last) {
            if (event.costUsd() != null) {
                // counted even when it cannot be published: what the lease keeps for it is safe
                costUsd = costUsd.add(event.costUsd());
            }
            try {
                events.usageRecorded(event.underHold(hold.reservationId(), last && !hold.leased()));
                return true;
            } catch (UsageNotBooked e) {
                log.error("task {}: {}", run.taskId(), e.getMessage());
                run.unbooked(e);
                // unpublished, it settles nothing: the hold's (or lease's) expiry gives it back
                return true;
            }
        }
    }

    private static UsageRecorded usageEvent(TaskRun run, Agent agent, LlmCompletion completion) {
        Caller caller = run.caller();
        return new UsageRecorded(
                run.eventId("usage", agent.name()),
                run.caller().requestId(),
                run.taskId(),
                run.caller().userId(),
                agent.name(),
                completion.provider(),
                completion.model(),
                completion.usage().promptTokens(),
                completion.usage().completionTokens(),
                completion.costUsd(),
                Instant.now(),
                caller.tier(),
                caller.team(),
                caller.keyId(),
                null,
                null);
    }

    /**
     * One usage event per paid capability call (provider {@code mcp}, model {@code capability/tool}),
     * so that the ledger holds what the answer says it cost.
     */
    private static void toolUsage(TaskRun run, Agent agent, List<ToolCallRecord> toolCalls, Bookings bookings) {
        Caller caller = run.caller();
        for (ToolCallRecord call : toolCalls) {
            if (call.costUsd() == null || call.costUsd().signum() <= 0) {
                continue;
            }
            bookings.add(new UsageRecorded(
                    run.eventId("tool-usage", agent.name()),
                    caller.requestId(),
                    run.taskId(),
                    caller.userId(),
                    agent.name(),
                    TOOL_PROVIDER,
                    call.capability() + (call.tool() == null ? "" : "/" + call.tool()),
                    0,
                    0,
                    call.costUsd(),
                    Instant.now(),
                    caller.tier(),
                    caller.team(),
                    caller.keyId(),
                    null,
                    null));
        }
    }

    private static BigDecimal cost(List<ToolCallRecord> toolCalls) {
        return toolCalls.stream().map(ToolCallRecord::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Calls one capability; a failed call is recorded and the agent answers without its output. */
    private ToolCallRecord useCapability(Agent agent, String capability, String query, List<ChatMessage> toolOutputs) {
        long started = System.nanoTime();
        try {
            CapabilityResult result = mcp.callWithDefaults(capability, query, agent.name());
            ToolResultGuard.Screened screened = guard.screen(capability, result);
            toolOutputs.add(new ChatMessage(
                    "tool",
                    capability + "/" + result.tool() + (result.error() ? " reported an error: " : ": ")
                            + screened.content()));
            return screened.record();
        } catch (RestClientException e) {
            log.warn(
                    "agent {}: capability {} unavailable, answering without it: {}",
                    agent.name(),
                    capability,
                    e.toString());
            return new ToolCallRecord(
                    capability, null, null, true, since(started).toMillis(), BigDecimal.ZERO);
        }
    }

    private void outcome(TaskRun run, String agent, Duration latency, String errorKind) {
        events.outcomeRecorded(new OutcomeRecorded(
                run.eventId("outcome", agent),
                run.taskId(),
                agent,
                errorKind == null,
                latency.toMillis(),
                errorKind,
                Instant.now()));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
