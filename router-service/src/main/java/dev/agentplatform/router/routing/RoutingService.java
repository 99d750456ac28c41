package dev.agentplatform.router.routing;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.RoutingDecision.Candidate;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.router.budget.BudgetAdvisor;
import dev.agentplatform.router.catalog.ProviderCatalog;
import dev.agentplatform.router.classify.ClassifierProperties;
import dev.agentplatform.router.classify.IntentClassifier;
import dev.agentplatform.router.classify.IntentClassifier.AgentScore;
import dev.agentplatform.router.classify.IntentClassifier.Classification;
import dev.agentplatform.router.classify.PromptEmbedder;
import dev.agentplatform.router.learning.AgentSelector;
import dev.agentplatform.router.learning.AgentStats;
import dev.agentplatform.router.registry.AgentRegistry;
import dev.agentplatform.router.strategy.StrategyPlanner;
import dev.agentplatform.router.strategy.StrategyPlanner.Plan;
import dev.agentplatform.router.strategy.StrategyPlanner.TeamScore;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;

/**
 * Decides which agents answer a prompt and how.
 *
 * <ol>
 *   <li>The pool: the caller's explicit agents (kept as given), the agent or team named by {@code
 *       model}, or every agent. A {@code model} that names a model of the orchestrator's provider
 *       catalog instead (its id, or its entry's name) skips the rest: {@link RoutingDecision#direct}.
 *   <li>The classifier's probabilities per agent, summed per team: the team is the intent, and its
 *       probability the decision's confidence. Under {@code abstain-below} the router abstains to the
 *       default agent (or the default team).
 *   <li>The strategy ({@link StrategyPlanner}), unless the caller set one.
 *   <li>Within each team the plan needs, the agents in order of utility ({@link AgentSelector}):
 *       their share of the team's probability times their learned success rate, less latency and, when
 *       the user's budget runs low, tier (free to premium). Fallbacks follow, same team first.
 * </ol>
 *
 * Ties go to the cheaper tier, then to the name, so equal prompts always route alike.
 */
public class RoutingService {

    /** The {@code model} value that leaves the choice to the router. */
    public static final String AUTO = "auto";

    private final AgentRegistry registry;
    private final IntentClassifier classifier;
    private final RoutingProperties properties;
    private final MeterRegistry meters;
    private final PromptEmbedder embedder;
    private final ClassifierProperties classify;
    private final StrategyPlanner planner;
    private final AgentSelector selector;
    private final Supplier<Map<String, AgentStats>> stats;
    private final double prior;
    private final BudgetAdvisor budget;
    private final ProviderCatalog providers;

    public RoutingService(
            AgentRegistry registry,
            IntentClassifier classifier,
            RoutingProperties properties,
            MeterRegistry meters,
            PromptEmbedder embedder,
            ClassifierProperties classify,
            StrategyPlanner planner,
            AgentSelector selector,
            Supplier<Map<String, AgentStats>> stats,
            double prior,
            BudgetAdvisor budget,
            ProviderCatalog providers) {
        this.registry = registry;
        this.classifier = classifier;
        this.properties = properties;
        this.meters = meters;
        this.embedder = embedder;
        this.classify = classify;
        this.planner = planner;
        this.selector = selector;
        this.stats = stats;
        this.prior = prior;
        this.budget = budget;
        this.providers = providers;
    }

    /** The decision for {@code query}; a 400 problem when it names an unknown agent or model. */
    public RoutingDecision decide(RouteQuery query) {
        return route(query).decision();
    }

    /** The decision for {@code query} and the prompt embedding it was made with (or {@code null}). */
    public Routed route(RouteQuery query) {
        Routed routed;
        if (query.agents() != null && !query.agents().isEmpty()) {
            routed = pinned(query, explicitAgents(query.agents()));
        } else {
            Optional<String> direct = catalogModel(query.model());
            if (direct.isPresent()) {
                routed = new Routed(RoutingDecision.direct(direct.get()), null);
            } else {
                List<AgentDefinition> pool = candidatesFor(query.model());
                routed = pool.size() == 1
                                && query.model() != null
                                && !AUTO.equalsIgnoreCase(query.model().trim())
                        ? pinned(query, pool)
                        : routed(query, pool);
            }
        }
        RoutingDecision decision = routed.decision();
        meters.counter(
                        "router_decisions_total",
                        "agent",
                        decision.agent(),
                        "strategy",
                        decision.strategy().name())
                .increment();
        return routed;
    }

    /** The caller chose the agents: keep them and their order, score them only for the record. */
    private Routed pinned(RouteQuery query, List<AgentDefinition> agents) {
        Strategy strategy = query.strategy() == null ? Strategy.SINGLE : query.strategy();
        List<Candidate> candidates;
        float[] embedding = null;
        if (agents.size() == 1) {
            candidates = List.of(new Candidate(agents.get(0).name(), 1.0));
        } else {
            embedding = embed(query);
            candidates = candidates(probabilities(classifier.classify(query.prompt(), embedding, agents)));
        }
        AgentDefinition primary = agents.get(0);
        return new Routed(
                new RoutingDecision(
                        primary.name(),
                        primary.team(),
                        strategy,
                        1.0,
                        candidates,
                        agents.stream().map(AgentDefinition::name).toList()),
                embedding);
    }

    private Routed routed(RouteQuery query, List<AgentDefinition> pool) {
        float[] embedding = embed(query);
        List<AgentScore> probabilities = probabilities(classifier.classify(query.prompt(), embedding, pool));
        List<TeamScore> teams = teams(probabilities);
        Plan plan =
                planner.plan(query.prompt(), teams, query.strategy() == null ? clauseTeams(query, pool) : List.of());
        Strategy strategy = query.strategy() != null ? query.strategy() : plan.strategy();
        double confidence = teams.get(0).probability();
        List<String> planTeams = plan.teams();
        if (query.strategy() != null && query.strategy() != plan.strategy()) {
            // the caller's strategy wins; shape its plan from the ranking
            planTeams = teams.stream().map(TeamScore::team).toList();
        }
        Map<String, AgentStats> learned = stats.get();
        double pressure =
                budget == null ? 0 : budget.pressure(query.userId(), query.tier(), query.team(), query.keyId());
        Map<String, List<AgentDefinition>> byTeam = new LinkedHashMap<>();
        for (TeamScore team : teams) {
            byTeam.put(team.team(), orderTeam(team, probabilities, learned, pressure));
        }
        AgentDefinition abstainTo = null;
        if (query.strategy() == null && plan.strategy() == Strategy.SINGLE && confidence < classify.abstainBelow()) {
            abstainTo = defaultAgent(pool, byTeam);
            if (abstainTo != null) {
                meters.counter("router_abstentions_total").increment();
            }
        }
        Set<AgentDefinition> order = new LinkedHashSet<>();
        int limit = properties.maxAgents();
        if (abstainTo != null) {
            order.add(abstainTo);
            order.addAll(byTeam.get(abstainTo.team()));
        } else if (strategy == Strategy.SINGLE) {
            order.addAll(byTeam.get(planTeams.get(0)));
        } else {
            // PARALLEL and CASCADE: the best agent of each team the plan names, in order
            for (String team : planTeams) {
                if (order.size() >= (strategy == Strategy.PARALLEL ? planner.parallelAgents() : limit)) {
                    break;
                }
                order.add(byTeam.get(team).get(0));
            }
            if (strategy == Strategy.PARALLEL) {
                limit = Math.max(limit, planner.parallelAgents());
            }
            order.addAll(byTeam.get(planTeams.get(0)));
        }
        for (AgentScore s : probabilities) {
            order.add(s.agent());
        }
        List<String> agents =
                order.stream().limit(limit).map(AgentDefinition::name).toList();
        AgentDefinition primary = order.iterator().next();
        double reported = pool.size() == 1 ? 1.0 : confidence;
        return new Routed(
                new RoutingDecision(
                        primary.name(), primary.team(), strategy, round(reported), candidates(probabilities), agents),
                embedding);
    }

    /**
     * For a chained prompt ("write X; then query Y"), each part's own confident team, in order; empty
     * for a prompt that is not chained. Each part is embedded once more, which only chained prompts pay.
     */
    private List<String> clauseTeams(RouteQuery query, List<AgentDefinition> pool) {
        List<String> clauses = planner.clauses(query.prompt());
        if (clauses.size() < 2) {
            return List.of();
        }
        List<String> teams = new ArrayList<>();
        for (String clause : clauses) {
            float[] embedding = embedder == null ? null : embedder.embed(clause, null);
            TeamScore best = teams(probabilities(classifier.classify(clause, embedding, pool)))
                    .get(0);
            if (best.probability() >= planner.clauseConfidence()) {
                teams.add(best.team());
            }
        }
        return teams;
    }

    /** The agents of one team, best first by utility, remembering the team's primary. */
    private List<AgentDefinition> orderTeam(
            TeamScore team, List<AgentScore> probabilities, Map<String, AgentStats> learned, double pressure) {
        List<AgentSelector.Candidate> members = new ArrayList<>();
        for (AgentScore s : probabilities) {
            if (s.agent().team().equals(team.team())) {
                double share = team.probability() > 0 ? s.score() / team.probability() : 0;
                members.add(new AgentSelector.Candidate(s.agent(), share));
            }
        }
        return selector.order(team.team(), members, learned, prior, pressure);
    }

    private AgentDefinition defaultAgent(List<AgentDefinition> pool, Map<String, List<AgentDefinition>> byTeam) {
        String name = classify.defaultAgent();
        if (name != null && !name.isBlank()) {
            for (AgentDefinition agent : pool) {
                if (agent.name().equals(name.trim())) {
                    return agent;
                }
            }
        }
        List<AgentDefinition> team = byTeam.get(classify.defaultTeam());
        return team == null || team.isEmpty() ? null : team.get(0);
    }

    private float[] embed(RouteQuery query) {
        return embedder == null ? null : embedder.embed(query.prompt(), query.promptEmbedding());
    }

    /** Scores as probabilities (summing to 1), best first; no signal at all spreads evenly. */
    static List<AgentScore> probabilities(Classification classification) {
        double total = 0;
        for (AgentScore s : classification.scores()) {
            total += Math.max(0, s.score());
        }
        List<AgentScore> result = new ArrayList<>();
        int n = classification.scores().size();
        for (AgentScore s : classification.scores()) {
            result.add(new AgentScore(s.agent(), total > 0 ? Math.max(0, s.score()) / total : 1.0 / n));
        }
        result.sort(Comparator.comparingDouble(AgentScore::score)
                .reversed()
                .thenComparingInt(s -> s.agent().tier().rank())
                .thenComparing(s -> s.agent().name()));
        return result;
    }

    /** Team probabilities, best first (ties: the team of the better agent first). */
    static List<TeamScore> teams(List<AgentScore> probabilities) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (AgentScore s : probabilities) {
            sums.merge(s.agent().team(), s.score(), Double::sum);
        }
        List<TeamScore> teams = new ArrayList<>();
        sums.forEach((team, p) -> teams.add(new TeamScore(team, p)));
        // a stable sort keeps first-appearance order (the better agent's team) among equal sums
        teams.sort(Comparator.comparingDouble(TeamScore::probability).reversed());
        return teams;
    }

    private List<AgentDefinition> explicitAgents(List<String> names) {
        Set<String> distinct = new LinkedHashSet<>(names);
        List<AgentDefinition> agents = new ArrayList<>(distinct.size());
        for (String name : distinct) {
            agents.add(registry.find(name)
                    .orElseThrow(() -> invalid("Unknown agent '%s'; GET /v1/agents lists the agents".formatted(name))));
        }
        return agents;
    }

    /**
     * The provider catalog model id {@code model} addresses, when it names no agent and no team: an
     * agent or team of that name wins over a catalog model. A 503 problem when the orchestrator's
     * catalog is needed and cannot be reached.
     */
    private Optional<String> catalogModel(String model) {
        if (providers == null || model == null || model.isBlank() || AUTO.equalsIgnoreCase(model.trim())) {
            return Optional.empty();
        }
        String name = model.trim();
        if (registry.find(name).isPresent() || !registry.team(name).isEmpty()) {
            return Optional.empty();
        }
        return providers.modelId(name);
    }

    private List<AgentDefinition> candidatesFor(String model) {
        if (model == null || model.isBlank() || AUTO.equalsIgnoreCase(model.trim())) {
            List<AgentDefinition> all = registry.all();
            if (all.isEmpty()) {
                throw new PlatformException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                ProblemTypes.UNAVAILABLE,
                                "No agent available",
                                "No agent is registered; POST /v1/agents registers one")
                        .header("Retry-After", "30");
            }
            return all;
        }
        String name = model.trim();
        return registry.find(name).map(List::of).orElseGet(() -> {
            List<AgentDefinition> team = registry.team(name);
            if (team.isEmpty()) {
                throw invalid(("Unknown model '%s'; use auto, a team, an agent or a model id of the provider catalog:"
                                + " GET /v1/models lists them all")
                        .formatted(name));
            }
            return team;
        });
    }

    private static List<Candidate> candidates(List<AgentScore> ranked) {
        return ranked.stream()
                .map(s -> new Candidate(s.agent().name(), round(s.score())))
                .toList();
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }

    /**
     * A decision and the prompt embedding it was made with.
     *
     * @param decision the decision
     * @param embedding the prompt's embedding, or {@code null} when none was needed
     */
    public record Routed(RoutingDecision decision, float[] embedding) {}
}
