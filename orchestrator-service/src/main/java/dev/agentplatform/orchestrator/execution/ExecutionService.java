package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.MemoryContext;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.common.ToolCallRecord;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.agent.AgentCatalog;
import dev.agentplatform.orchestrator.client.BudgetCache;
import dev.agentplatform.orchestrator.client.MemoryClient;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import dev.agentplatform.orchestrator.provider.TokenSink;
import dev.agentplatform.orchestrator.resilience.Breakers;
import dev.agentplatform.orchestrator.task.Caller;
import dev.agentplatform.support.PlatformException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;

/**
 * Runs one routed task with the strategy asked for (the caller's override, else the router's):
 *
 * <ul>
 *   <li>SINGLE: the plan's agents in order, primary first, until one answers;
 *   <li>PARALLEL: up to {@code parallel-max-agents} of them at once under one deadline, the best
 *       answer by the {@link AnswerScorer} wins and the others are cancelled;
 *   <li>CASCADE: up to {@code cascade-max-agents} in turn: the first drafts, each next one gets the
 *       request and the previous answer to improve, stopping once a refinement passes the quality
 *       check with a margin; every contribution is a step of the result.
 * </ul>
 *
 * A catalog model addressed directly ({@link RoutingDecision#model()}) runs as agent {@code -}: no
 * system prompt, the provider serving that model, then its tier's chain.
 *
 * When the plan's agents all fail (or their breakers are open), the task degrades instead of
 * failing: healthy agents of the primary's team next, then any healthy agent, cheaper tiers first.
 * Only when no agent answers is it a 503 with {@code Retry-After}; so is an answer whose usage cannot be
 * booked (see {@code platform.orchestrator.events.on-unbookable}). Around the agents: a budget
 * pre-check (402 when spent, cheaper tiers first when nearly spent), memory context before and the
 * exchange stored after.
 */
@Service
class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);
    private static final String OVERLOADED = "overloaded";
    private static final String UNKNOWN_AGENT = "unknown_agent";
    private static final String UNKNOWN_MODEL = "unknown_model";

    /** Introduces what memory-service remembers of the user from earlier conversations. */
    static final String REMEMBERED =
            "What you remember of this user from earlier conversations" + " (use it only where it helps the answer):";

    private final AgentCatalog agents;
    private final ProviderRegistry providers;
    private final BudgetCache cost;
    private final MemoryClient memory;
    private final ExchangeRecorder exchanges;
    private final AgentRunner runner;
    private final AgentPool pool;
    private final AnswerScorer scorer;
    private final Breakers breakers;
    private final ExecutionProperties properties;
    private final ExecutionLoad load;

    ExecutionService(
            AgentCatalog agents,
            ProviderRegistry providers,
            BudgetCache cost,
            MemoryClient memory,
            ExchangeRecorder exchanges,
            AgentRunner runner,
            AgentPool pool,
            AnswerScorer scorer,
            Breakers breakers,
            ExecutionProperties properties,
            ExecutionLoad load) {
        this.agents = agents;
        this.providers = providers;
        this.cost = cost;
        this.memory = memory;
        this.exchanges = exchanges;
        this.runner = runner;
        this.pool = pool;
        this.scorer = scorer;
        this.breakers = breakers;
        this.properties = properties;
        this.load = load;
    }

    TaskResult execute(ExecutionRequest request, Caller caller) {
        return execute(request, caller, null, false);
    }

    /**
     * Runs the task; with a {@code sink}, a SINGLE run (and the degradation) streams the answer into
     * it as the provider produces it. Until the first piece went out, failures fall back as always;
     * after it, the failed agent's error ends the task: no other provider or agent may start a second
     * answer behind the first one's beginning.
     *
     * {@code overloaded}: the gateway admitted the request overloaded ({@link ExecutionLoad}).
     *
     * @throws PlatformException 402, 503 and the like when no answer can be had
     */
    TaskResult execute(ExecutionRequest request, Caller caller, TokenSink sink, boolean overloaded) {
        try (ExecutionLoad.Ticket ticket = load.enter(overloaded)) {
            return execute(request, caller, sink, ticket.tierCap());
        }
    }

    private TaskResult execute(ExecutionRequest request, Caller caller, TokenSink sink, ModelTier loadCap) {
        long started = System.nanoTime();
        List<String> plan = plan(request);
        Strategy strategy = strategy(request);
        BudgetCheck budget = checkBudget(caller);
        // what is left of the binding budget (the user's, team's or key's with the smallest share left)
        Double share = budget == null ? null : budget.shareLeft();
        if (share != null && share < properties.budgetCloseFraction()) {
            log.info("task {}: budget of {} nearly spent, cheaper tiers first", request.taskId(), caller.userId());
            plan = cheapestFirst(plan);
        }
        ModelTier budgetCap = share == null ? null : properties.tierCap(share);
        if (budgetCap != null) {
            log.info(
                    "task {}: {} of the budget of {} left, models of tier {} at most",
                    request.taskId(),
                    share,
                    caller.userId(),
                    budgetCap.id());
        }
        if (loadCap != null) {
            log.debug("task {}: overloaded, models of tier {} at most", request.taskId(), loadCap.id());
        }
        ModelTier cap = ExecutionLoad.lower(budgetCap, loadCap);
        TaskRun run = new TaskRun(request, caller, history(request.task(), caller), started, cap);
        Set<String> tried = new HashSet<>();
        List<Attempt> attempts = new ArrayList<>();

        Attempt winner = null;
        Strategy ran = strategy;
        switch (strategy) {
            case PARALLEL -> winner = parallel(run, plan, tried, attempts);
            case CASCADE -> winner = cascade(run, plan, tried, attempts);
            default -> winner = single(run, plan, tried, attempts, sink);
        }
        if (winner == null && broken(sink)) {
            throw brokenOff(run);
        }
        if (winner == null && run.refused() != null) {
            // a budget has no room: cheaper agents of the plan were tried; degrading would only ask again
            throw BudgetHolds.problem(run.refused());
        }
        if (winner == null && request.decision().model() == null) {
            // Degradation: whatever can still answer, as SINGLE.
            ran = Strategy.SINGLE;
            winner = single(run, degradation(request, plan, tried), tried, attempts, sink);
        }
        if (winner == null && broken(sink)) {
            throw brokenOff(run);
        }
        if (winner == null) {
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "No agent available",
                            "All " + tried.size() + " agents tried failed or are unavailable")
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(properties.retryAfter().toSeconds()))
                    .property("taskId", request.taskId())
                    .property("attempts", run.failures());
        }
        if (run.unbooked() != null) {
            // booked or not answered: the spend of this answer cannot reach the ledger right now
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Usage cannot be booked",
                            "The usage of this task cannot be recorded right now, so it is not answered")
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(properties.retryAfter().toSeconds()))
                    .property("taskId", request.taskId());
        }
        return answered(run, winner, attempts, ran == Strategy.CASCADE ? cascadeSteps(attempts) : null, ran);
    }

    /** Whether a streamed answer began, so that no other agent may answer any more. */
    private static boolean broken(TokenSink sink) {
        return sink != null && sink.started();
    }

    private static PlatformException brokenOff(TaskRun run) {
        return new PlatformException(
                        HttpStatus.BAD_GATEWAY,
                        ProblemTypes.UPSTREAM_FAILURE,
                        "Answer broken off",
                        "The agent failed after its answer had begun")
                .property("taskId", run.taskId())
                .property("attempts", run.failures());
    }

    private static Strategy strategy(ExecutionRequest request) {
        if (request.task().strategy() != null) {
            return request.task().strategy();
        }
        return request.decision().strategy() == null
                ? Strategy.SINGLE
                : request.decision().strategy();
    }

    /** The agents to try, each once: the caller's explicit agents, then the router's, primary first. */
    private static List<String> plan(ExecutionRequest request) {
        LinkedHashSet<String> plan = new LinkedHashSet<>();
        if (request.task().agents() != null) {
            request.task().agents().stream()
                    .filter(a -> a != null && !a.isBlank())
                    .map(String::strip)
                    .forEach(plan::add);
        }
        RoutingDecision decision = request.decision();
        if (decision.agents() != null) {
            decision.agents().stream().filter(a -> a != null && !a.isBlank()).forEach(plan::add);
        }
        if (decision.agent() != null && !decision.agent().isBlank()) {
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

    private Attempt single(TaskRun run, List<String> plan, Set<String> tried, List<Attempt> attempts, TokenSink sink) {
        for (String name : plan) {
            if (!tried.add(name)) {
                continue;
            }
            Agent agent = agent(run, name);
            if (agent == null) {
                continue;
            }
            Attempt attempt = runner.run(run, agent, catalogued(agent), null, Long.MAX_VALUE, sink);
            attempts.add(attempt);
            if (attempt.answered() || broken(sink)) {
                return attempt.answered() ? attempt : null;
            }
        }
        return null;
    }

    private Attempt parallel(TaskRun run, List<String> plan, Set<String> tried, List<Attempt> attempts) {
        List<Agent> runnable = plan.stream()
                .filter(tried::add)
                .map(name -> agent(run, name))
                .filter(agent -> agent != null)
                .limit(properties.parallelMaxAgents())
                .toList();
        List<String> chosen = runnable.stream().map(Agent::name).toList();
        long deadline = run.startedNanos() + properties.parallelDeadline().toNanos();
        // Each branch leaves its attempt in its slot, then reports the slot as done.
        AtomicReferenceArray<Attempt> results = new AtomicReferenceArray<>(chosen.size());
        BlockingQueue<Integer> done = new LinkedBlockingQueue<>();
        List<Future<?>> futures = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            Agent agent = runnable.get(i);
            String name = agent.name();
            boolean configured = catalogued(agent);
            int slot = i;
            try {
                futures.add(pool.submit(() -> {
                    try {
                        results.set(slot, runner.run(run, agent, configured, null, deadline, null));
                    } finally {
                        done.add(slot);
                    }
                    return null;
                }));
            } catch (RejectedExecutionException e) {
                run.failed(name, OVERLOADED);
                results.set(slot, Attempt.failed(agent, OVERLOADED, List.of(), BigDecimal.ZERO));
                done.add(slot);
            }
        }
        // Wait for every agent, but never past the deadline, and once the first answer is in, only a
        // grace period longer: a slow or hung agent must not hold up answers that are already there.
        long waitUntil = deadline;
        int finishedCount = 0;
        try {
            while (finishedCount < chosen.size()) {
                Integer slot = done.poll(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (slot == null) {
                    break;
                }
                finishedCount++;
                Attempt attempt = results.get(slot);
                if (attempt != null && attempt.answered() && waitUntil == deadline) {
                    long firstAnswer = System.nanoTime() - run.startedNanos();
                    long grace = Math.max(properties.parallelGrace().toNanos(), (long)
                            (firstAnswer * properties.parallelGraceFactor()));
                    waitUntil = Math.min(deadline, System.nanoTime() + grace);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Past the deadline: unfinished agents are interrupted and no longer waited for.
        futures.forEach(f -> f.cancel(true));
        List<Attempt> finished = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Attempt attempt = results.get(i);
            if (attempt != null) {
                finished.add(attempt);
            }
        }
        attempts.addAll(finished);
        List<Attempt> answered = finished.stream().filter(Attempt::answered).toList();
        if (answered.isEmpty()) {
            return null;
        }
        List<Double> scores = scorer.score(
                run.prompt(),
                answered.stream().map(a -> a.completion().content()).toList());
        int best = 0;
        for (int i = 1; i < answered.size(); i++) {
            if (scores.get(i) > scores.get(best)
                    || (scores.get(i).equals(scores.get(best))
                            && chosen.indexOf(answered.get(i).agent().name())
                                    < chosen.indexOf(answered.get(best).agent().name()))) {
                best = i;
            }
        }
        return answered.get(best);
    }

    /**
     * Sequential refinement: the first agent drafts, each next one improves the answer before it.
     * A failed step is skipped (the next agent improves the last good answer); the run stops early
     * once a refinement passes the quality check with a margin.
     */
    private Attempt cascade(TaskRun run, List<String> plan, Set<String> tried, List<Attempt> attempts) {
        Attempt latest = null;
        int steps = 0;
        for (String name : plan) {
            if (steps == properties.cascadeMaxAgents()) {
                break;
            }
            if (!tried.add(name)) {
                continue;
            }
            Agent agent = agent(run, name);
            if (agent == null) {
                continue;
            }
            steps++;
            String draft = latest == null ? null : latest.completion().content();
            Attempt attempt = runner.run(run, agent, catalogued(agent), draft, Long.MAX_VALUE, null);
            attempts.add(attempt);
            if (attempt.answered()) {
                boolean refinement = latest != null;
                latest = attempt;
                if (refinement
                        && AnswerQuality.passesWithMargin(
                                run.prompt(), attempt.completion().content())) {
                    break;
                }
            }
        }
        return latest;
    }

    /** The answered attempts of a CASCADE, in order: its drafts and refinements. */
    private static List<TaskResult.Step> cascadeSteps(List<Attempt> attempts) {
        return attempts.stream().filter(Attempt::answered).map(Attempt::step).toList();
    }

    /**
     * Who may still answer once the plan is spent: healthy agents of the primary's team in catalog
     * order, then every other healthy agent, cheaper tiers first.
     */
    private List<String> degradation(ExecutionRequest request, List<String> plan, Set<String> tried) {
        String primary = plan.get(0);
        String team =
                agents.find(primary).map(Agent::team).orElse(request.decision().team());
        List<Agent> healthy = agents.all().stream()
                .filter(a -> !tried.contains(a.name()))
                .filter(a -> breakers.healthy(a.name()))
                .toList();
        List<String> order = new ArrayList<>();
        healthy.stream().filter(a -> a.team().equals(team)).forEach(a -> order.add(a.name()));
        healthy.stream()
                .filter(a -> !a.team().equals(team))
                .sorted(Comparator.comparingInt(this::tierRank))
                .forEach(a -> order.add(a.name()));
        if (!order.isEmpty()) {
            log.info("task {}: plan {} failed, degrading to {}", request.taskId(), plan, order);
        }
        return order;
    }

    private List<String> cheapestFirst(List<String> plan) {
        return plan.stream()
                .sorted(Comparator.comparingInt(
                        name -> agents.find(name).map(this::tierRank).orElse(1)))
                .toList();
    }

    private int tierRank(Agent agent) {
        return agent.tier().rank();
    }

    /** Whether {@code agent} is one of the registry's (metrics and breaker gauges only for those). */
    private boolean catalogued(Agent agent) {
        return !RoutingDecision.NO_AGENT.equals(agent.name());
    }

    /**
     * The agent called {@code name}: the registry's, or for a catalog model addressed directly the
     * provider serving it; {@code null} (recorded as a failure) when there is none.
     */
    private Agent agent(TaskRun run, String name) {
        RoutingDecision decision = run.request().decision();
        if (RoutingDecision.NO_AGENT.equals(name) && decision.model() != null) {
            return providers
                    .directChain(decision.model())
                    .map(chain -> new Agent(
                            RoutingDecision.NO_AGENT,
                            RoutingDecision.NO_AGENT,
                            null,
                            chain.providers(),
                            List.of(),
                            chain.tier()))
                    .orElseGet(() -> {
                        run.failed(name, UNKNOWN_MODEL);
                        return null;
                    });
        }
        Agent agent = agents.find(name).orElse(null);
        if (agent == null) {
            log.info("task {}: agent {} is not in the registry", run.taskId(), name);
            run.failed(name, UNKNOWN_AGENT);
            return null;
        }
        breakers.export(agent.name());
        return agent;
    }

    private BudgetCheck checkBudget(Caller caller) {
        BudgetCheck check;
        try {
            check = cost.budget(caller.userId(), caller.tier(), caller.team(), caller.keyId());
        } catch (RestClientException e) {
            if (properties.budgetFailOpen()) {
                log.warn(
                        "budget check for user {} failed, running anyway (fail-open): {}",
                        caller.userId(),
                        e.toString());
                return null;
            }
            throw BudgetHolds.unavailable(properties);
        }
        if (!check.allowed()) {
            // the binding budget: the user's daily one (its tier's) unless cost-service named another
            boolean monthly = "month".equals(check.period());
            String whose = switch (check.scope() == null ? "user" : check.scope()) {
                case "team" -> "team " + caller.team();
                case "key" -> "API key " + caller.keyId();
                default -> monthly ? "user " + caller.userId() : "tier " + caller.tier();
            };
            String period = monthly ? "monthly" : "daily";
            PlatformException refusal = new PlatformException(
                    HttpStatus.PAYMENT_REQUIRED,
                    ProblemTypes.BUDGET_EXHAUSTED,
                    "Budget exhausted",
                    "The " + period + " budget of " + whose + " is spent");
            if (check.scope() != null) {
                refusal.property("scope", check.scope());
            }
            if (check.period() != null) {
                refusal.property("period", check.period());
            }
            if (check.spentTodayUsd() != null) {
                refusal.property("spentTodayUsd", check.spentTodayUsd());
            }
            if (check.dailyLimitUsd() != null) {
                refusal.property("dailyLimitUsd", check.dailyLimitUsd());
            }
            throw refusal;
        }
        return check;
    }

    /**
     * What memory-service recalls for the prompt (what it remembers of the user from earlier
     * conversations as one system message, then the conversation's recent turns), then the earlier
     * messages the caller sent along.
     */
    private List<ChatMessage> history(TaskRequest task, Caller caller) {
        List<ChatMessage> history = new ArrayList<>();
        if (hasConversation(task)) {
            try {
                MemoryContext context = memory.recall(
                        caller.userId(), task.conversationId(), task.prompt(), properties.memoryContextTokens());
                StringBuilder remembered = new StringBuilder();
                for (MemoryContext.Item item : context.items()) {
                    if ("hot".equals(item.tier())) {
                        history.add(new ChatMessage(item.role(), item.text()));
                    } else {
                        remembered.append("\n- ").append(item.text().replace("\n", " / "));
                    }
                }
                if (!remembered.isEmpty()) {
                    history.add(0, new ChatMessage("system", REMEMBERED + remembered));
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

    private TaskResult answered(
            TaskRun run, Attempt winner, List<Attempt> attempts, List<TaskResult.Step> steps, Strategy strategy) {
        LlmCompletion completion = winner.completion();
        TaskRequest task = run.request().task();
        if (hasConversation(task)) {
            exchanges.record(
                    run.caller().userId(),
                    task.conversationId(),
                    task.prompt(),
                    completion.content(),
                    winner.agent().name(),
                    task.isFlagged());
        }
        // Every call made for the task is paid for, the losers' of a PARALLEL run included.
        List<ToolCallRecord> toolCalls = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int promptTokens = 0;
        int completionTokens = 0;
        for (Attempt attempt : attempts) {
            toolCalls.addAll(attempt.toolCalls());
            total = total.add(attempt.toolCost());
            if (attempt.answered()) {
                total = total.add(attempt.completion().costUsd());
                promptTokens += attempt.completion().usage().promptTokens();
                completionTokens += attempt.completion().usage().completionTokens();
            }
        }
        return new TaskResult(
                run.taskId(),
                winner.agent().name(),
                winner.agent().team(),
                strategy,
                completion.content(),
                completion.provider(),
                completion.model(),
                completion.simulated(),
                new TokenUsage(promptTokens, completionTokens),
                total,
                Duration.ofNanos(System.nanoTime() - run.startedNanos()).toMillis(),
                List.copyOf(toolCalls),
                task.guard(),
                completion.finishReason(),
                requestedToolCalls(completion),
                steps == null ? List.of(winner.step()) : steps,
                winner.costDowngraded());
    }

    /** The calls of the client's own tools the model asks for, as the client gets them. */
    private static List<ChatMessage.ToolCall> requestedToolCalls(LlmCompletion completion) {
        if (completion.toolCalls().isEmpty()) {
            return null;
        }
        return completion.toolCalls().stream()
                .map(call -> new ChatMessage.ToolCall(call.id(), call.name(), call.arguments()))
                .toList();
    }

    private static boolean hasConversation(TaskRequest task) {
        return task.conversationId() != null && !task.conversationId().isBlank();
    }
}
