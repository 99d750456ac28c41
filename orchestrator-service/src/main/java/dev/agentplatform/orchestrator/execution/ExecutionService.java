package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.MemoryMessage;
import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.ToolCallRecord;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.agent.AgentCatalog;
import dev.agentplatform.orchestrator.client.CostClient;
import dev.agentplatform.orchestrator.client.McpClient;
import dev.agentplatform.orchestrator.client.MemoryClient;
import dev.agentplatform.orchestrator.event.ExecutionEvents;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import dev.agentplatform.orchestrator.provider.LlmRequest;
import dev.agentplatform.orchestrator.provider.ProviderException;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import dev.agentplatform.support.PlatformException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;

/**
 * Runs one routed task as SINGLE: the decision's agents in order, primary first, until one answers.
 * Around the agents: a budget pre-check before, and after the answer the exchange goes to memory and
 * one usage event per LLM call and one outcome event per attempt go to the streams.
 */
@Service
class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);

    /** The outcome error kind of a decision naming an agent this orchestrator has no config for. */
    static final String UNKNOWN_AGENT = "unknown_agent";

    private final AgentCatalog agents;
    private final ProviderRegistry providers;
    private final CostClient cost;
    private final MemoryClient memory;
    private final McpClient mcp;
    private final ExchangeRecorder exchanges;
    private final ExecutionEvents events;
    private final AgentMetrics metrics;
    private final ExecutionProperties properties;

    ExecutionService(
            AgentCatalog agents,
            ProviderRegistry providers,
            CostClient cost,
            MemoryClient memory,
            McpClient mcp,
            ExchangeRecorder exchanges,
            ExecutionEvents events,
            AgentMetrics metrics,
            ExecutionProperties properties) {
        this.agents = agents;
        this.providers = providers;
        this.cost = cost;
        this.memory = memory;
        this.mcp = mcp;
        this.exchanges = exchanges;
        this.events = events;
        this.metrics = metrics;
        this.properties = properties;
        for (Agent agent : agents.all()) {
            if (!providers.knows(agent.provider())) {
                throw new IllegalStateException("agent " + agent.name() + " names provider " + agent.provider()
                        + ", which is not in the provider catalog (platform.orchestrator.providers)");
            }
        }
    }

    TaskResult execute(ExecutionRequest request, Caller caller) {
        long started = System.nanoTime();
        List<String> plan = plan(request.decision());
        Strategy requested = request.decision().strategy();
        if (requested != null && requested != Strategy.SINGLE) {
            log.info("task {} asked for {}; running SINGLE with fallbacks", request.taskId(), requested);
        }
        checkBudget(caller);
        List<ChatMessage> history = history(request.task(), caller);

        List<ToolCallRecord> toolCalls = new ArrayList<>();
        BigDecimal toolCost = BigDecimal.ZERO;
        List<Map<String, String>> failures = new ArrayList<>();
        for (String name : plan) {
            Attempt attempt = attempt(request, caller, name, history);
            toolCalls.addAll(attempt.toolCalls());
            toolCost = toolCost.add(attempt.toolCost());
            if (attempt.completion() != null) {
                return answered(request, caller, attempt, toolCalls, toolCost, started);
            }
            failures.add(Map.of("agent", name, "errorKind", attempt.errorKind()));
        }
        throw new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "No agent available",
                        "All " + plan.size() + " agents of the plan failed")
                .header(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(properties.retryAfter().toSeconds()))
                .property("taskId", request.taskId())
                .property("attempts", failures);
    }

    /** The agents to try, primary first, each once. */
    private static List<String> plan(RoutingDecision decision) {
        LinkedHashSet<String> plan = new LinkedHashSet<>();
        if (decision.agents() != null) {
            decision.agents().stream().filter(a -> a != null && !a.isBlank()).forEach(plan::add);
        }
        if (plan.isEmpty() && decision.agent() != null && !decision.agent().isBlank()) {
            plan.add(decision.agent());
        }
        if (plan.isEmpty()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    "decision names no agent: set decision.agent or decision.agents");
        }
        return List.copyOf(plan);
    }

    private void checkBudget(Caller caller) {
        BudgetCheck check;
        try {
            check = cost.budget(caller.userId(), caller.tier());
        } catch (RestClientException e) {
            if (properties.budgetFailOpen()) {
                log.warn(
                        "budget check for user {} failed, running anyway (fail-open): {}",
                        caller.userId(),
                        e.toString());
                return;
            }
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Budget check unavailable",
                            "The budget of this user cannot be checked right now")
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(properties.retryAfter().toSeconds()));
        }
        if (!check.allowed()) {
            PlatformException refusal = new PlatformException(
                    HttpStatus.PAYMENT_REQUIRED,
                    ProblemTypes.BUDGET_EXHAUSTED,
                    "Budget exhausted",
                    "The daily budget of tier " + caller.tier() + " is spent");
            if (check.spentTodayUsd() != null) {
                refusal.property("spentTodayUsd", check.spentTodayUsd());
            }
            if (check.dailyLimitUsd() != null) {
                refusal.property("dailyLimitUsd", check.dailyLimitUsd());
            }
            throw refusal;
        }
    }

    /** Remembered messages of the conversation, then the earlier messages the caller sent along. */
    private List<ChatMessage> history(TaskRequest task, Caller caller) {
        List<ChatMessage> history = new ArrayList<>();
        if (hasConversation(task)) {
            try {
                for (MemoryMessage m : memory.context(caller.userId(), task.conversationId())) {
                    history.add(new ChatMessage(m.role(), m.content()));
                }
            } catch (RestClientException e) {
                log.warn(
                        "memory context of conversation {} unavailable, answering without it: {}",
                        task.conversationId(),
                        e.toString());
            }
        }
        if (task.messages() != null) {
            history.addAll(task.messages());
        }
        return history;
    }

    private Attempt attempt(ExecutionRequest request, Caller caller, String name, List<ChatMessage> history) {
        long started = System.nanoTime();
        Optional<Agent> found = agents.find(name);
        if (found.isEmpty()) {
            log.warn("task {}: agent {} is not in this orchestrator's catalog", request.taskId(), name);
            // No metric: the name came over the wire and must not mint new time series.
            outcome(request, name, since(started), UNKNOWN_AGENT);
            return Attempt.failed(UNKNOWN_AGENT, List.of(), BigDecimal.ZERO);
        }
        Agent agent = found.get();

        List<ToolCallRecord> toolCalls = new ArrayList<>();
        List<ChatMessage> toolOutputs = new ArrayList<>();
        BigDecimal toolCost = BigDecimal.ZERO;
        for (String capability : agent.capabilities()) {
            ToolCallRecord call = useCapability(agent, capability, toolOutputs);
            toolCalls.add(call);
            toolCost = toolCost.add(call.costUsd());
        }

        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage("system", agent.systemPrompt()));
        messages.addAll(history);
        messages.addAll(toolOutputs);
        messages.add(new ChatMessage("user", request.task().prompt()));
        try {
            LlmCompletion completion =
                    providers.complete(agent.provider(), new LlmRequest(request.taskId(), agent.name(), messages));
            Duration elapsed = since(started);
            events.usageRecorded(new UsageRecorded(
                    UUID.randomUUID().toString(),
                    caller.requestId(),
                    request.taskId(),
                    caller.userId(),
                    agent.name(),
                    completion.provider(),
                    completion.model(),
                    completion.usage().promptTokens(),
                    completion.usage().completionTokens(),
                    completion.costUsd(),
                    Instant.now()));
            outcome(request, agent.name(), elapsed, null);
            metrics.attempted(agent.name(), true, elapsed);
            return new Attempt(agent, completion, null, toolCalls, toolCost);
        } catch (RuntimeException e) {
            Duration elapsed = since(started);
            String kind = e instanceof ProviderException p ? p.errorKind() : ProviderException.PROVIDER_ERROR;
            if (e instanceof ProviderException) {
                log.warn("task {}: agent {} failed ({}): {}", request.taskId(), agent.name(), kind, e.getMessage());
            } else {
                log.error("task {}: agent {} failed unexpectedly", request.taskId(), agent.name(), e);
            }
            outcome(request, agent.name(), elapsed, kind);
            metrics.attempted(agent.name(), false, elapsed);
            return Attempt.failed(kind, toolCalls, toolCost);
        }
    }

    /** Calls one capability; a failed call is recorded and the agent answers without its output. */
    private ToolCallRecord useCapability(Agent agent, String capability, List<ChatMessage> toolOutputs) {
        long started = System.nanoTime();
        try {
            CapabilityResult result = mcp.callWithDefaults(capability);
            String content = result.content() == null ? "" : result.content();
            toolOutputs.add(new ChatMessage(
                    "tool",
                    capability + "/" + result.tool() + (result.error() ? " reported an error: " : ": ") + content));
            return new ToolCallRecord(
                    capability,
                    result.server(),
                    result.tool(),
                    result.error(),
                    result.latencyMs(),
                    result.costUsd() == null ? BigDecimal.ZERO : result.costUsd());
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

    private TaskResult answered(
            ExecutionRequest request,
            Caller caller,
            Attempt attempt,
            List<ToolCallRecord> toolCalls,
            BigDecimal toolCost,
            long started) {
        LlmCompletion completion = attempt.completion();
        TaskRequest task = request.task();
        if (hasConversation(task)) {
            exchanges.record(
                    caller.userId(),
                    task.conversationId(),
                    task.prompt(),
                    completion.content(),
                    attempt.agent().name());
        }
        return new TaskResult(
                request.taskId(),
                attempt.agent().name(),
                attempt.agent().team(),
                Strategy.SINGLE,
                completion.content(),
                completion.provider(),
                completion.model(),
                completion.simulated(),
                completion.usage(),
                completion.costUsd().add(toolCost),
                since(started).toMillis(),
                List.copyOf(toolCalls));
    }

    private void outcome(ExecutionRequest request, String agent, Duration latency, String errorKind) {
        events.outcomeRecorded(new OutcomeRecorded(
                UUID.randomUUID().toString(),
                request.taskId(),
                agent,
                errorKind == null,
                latency.toMillis(),
                errorKind,
                Instant.now()));
    }

    private static boolean hasConversation(TaskRequest task) {
        return task.conversationId() != null && !task.conversationId().isBlank();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** One agent's try: its completion, or why there is none, and the tools it used either way. */
    private record Attempt(
            Agent agent,
            LlmCompletion completion,
            String errorKind,
            List<ToolCallRecord> toolCalls,
            BigDecimal toolCost) {

        static Attempt failed(String errorKind, List<ToolCallRecord> toolCalls, BigDecimal toolCost) {
            return new Attempt(null, null, errorKind, toolCalls, toolCost);
        }
    }
}
