package dev.agentplatform.router.routing;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.RoutingDecision.Candidate;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.router.classify.IntentClassifier;
import dev.agentplatform.router.classify.IntentClassifier.AgentScore;
import dev.agentplatform.router.classify.IntentClassifier.Classification;
import dev.agentplatform.router.registry.Agent;
import dev.agentplatform.router.registry.AgentRegistry;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Decides which agents answer a prompt. The best-scoring agent is primary; ties go to the cheaper
 * cost tier, then to the name, so equal prompts always route alike. Fallbacks are the next best,
 * same-team agents first: when the primary fails, an agent that knows the same domain is the better
 * stand-in even if another team's agent scored a little higher on stray words.
 */
@Service
public class RoutingService {

    /** The {@code model} value that leaves the choice to the router. */
    public static final String AUTO = "auto";

    static final Comparator<AgentScore> RANK = Comparator.comparingDouble(AgentScore::score)
            .reversed()
            .thenComparingInt(s -> s.agent().costTier())
            .thenComparing(s -> s.agent().name());

    private final AgentRegistry registry;
    private final IntentClassifier classifier;
    private final RoutingProperties properties;
    private final MeterRegistry meters;

    public RoutingService(
            AgentRegistry registry, IntentClassifier classifier, RoutingProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.classifier = classifier;
        this.properties = properties;
        this.meters = meters;
    }

    /** The decision for {@code query}; a 400 problem when it names an unknown agent or model. */
    public RoutingDecision decide(RouteQuery query) {
        Strategy strategy = query.strategy() == null ? Strategy.SINGLE : query.strategy();
        RoutingDecision decision = query.agents() != null && !query.agents().isEmpty()
                ? pinned(query.prompt(), explicitAgents(query.agents()), strategy)
                : routed(query.prompt(), candidatesFor(query.model()), strategy);
        meters.counter("router_decisions_total", "agent", decision.agent(), "strategy", strategy.name())
                .increment();
        return decision;
    }

    /** The caller chose the agents: keep them and their order, score them only for the record. */
    private RoutingDecision pinned(String prompt, List<Agent> agents, Strategy strategy) {
        List<AgentScore> ranked = rank(classifier.classify(prompt, agents));
        Agent primary = agents.get(0);
        return new RoutingDecision(
                primary.name(),
                primary.team(),
                strategy,
                1.0,
                candidates(ranked),
                agents.stream().map(Agent::name).toList());
    }

    private RoutingDecision routed(String prompt, List<Agent> pool, Strategy strategy) {
        Classification classification = classifier.classify(prompt, pool);
        List<AgentScore> ranked = rank(classification);
        Agent primary = ranked.get(0).agent();
        List<String> agents = new ArrayList<>();
        agents.add(primary.name());
        ranked.stream()
                .skip(1)
                .sorted(Comparator.comparing((AgentScore s) -> !s.agent().team().equals(primary.team()))
                        .thenComparing(RANK))
                .limit(properties.maxAgents() - 1L)
                .forEach(s -> agents.add(s.agent().name()));
        // one candidate means the caller named the agent; the classifier had nothing to weigh
        double confidence = pool.size() == 1 ? 1.0 : classification.confidence();
        return new RoutingDecision(
                primary.name(), primary.team(), strategy, round(confidence), candidates(ranked), List.copyOf(agents));
    }

    private List<Agent> explicitAgents(List<String> names) {
        Set<String> distinct = new LinkedHashSet<>(names);
        List<Agent> agents = new ArrayList<>(distinct.size());
        for (String name : distinct) {
            agents.add(registry.find(name)
                    .orElseThrow(() -> invalid("Unknown agent '%s'; GET /v1/agents lists the agents".formatted(name))));
        }
        return agents;
    }

    private List<Agent> candidatesFor(String model) {
        if (model == null || model.isBlank() || AUTO.equalsIgnoreCase(model.trim())) {
            return registry.all();
        }
        String name = model.trim();
        return registry.find(name).map(List::of).orElseGet(() -> {
            List<Agent> team = registry.team(name);
            if (team.isEmpty()) {
                throw invalid("Unknown model '%s'; use auto, an agent or a team from GET /v1/agents".formatted(name));
            }
            return team;
        });
    }

    private static List<AgentScore> rank(Classification classification) {
        return classification.scores().stream().sorted(RANK).toList();
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
}
