package dev.agentplatform.gateway.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.downstream.AgentSummary;
import dev.agentplatform.gateway.downstream.DownstreamProblem;
import dev.agentplatform.gateway.downstream.ModelSummary;
import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.ReactiveRequestIdFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/models} in the OpenAI list shape, from the router's {@code GET /v1/models}:
 * {@code auto}, the teams, the agents and the provider catalog's models. A router that answers
 * without that list (an older one: a problem or an answer that cannot be read) is asked for its
 * agents instead: {@code auto}, the teams, the
 * agents. A router that cannot be reached (or is too slow) gets the last list it gave answered in its
 * place; before any, that is a problem, as for every other call.
 */
@RestController
class ModelsController {

    static final String OWNER = "agent-platform";

    private static final Logger log = LoggerFactory.getLogger(ModelsController.class);

    private final RouterClient router;

    /** Models have no creation date of their own; the gateway's start stands in, as a stable value. */
    private final long created = Instant.now().getEpochSecond();

    /** The last list the router gave, answered while it cannot be reached. */
    private final AtomicReference<ModelList> lastKnown = new AtomicReference<>();

    ModelsController(RouterClient router) {
        this.router = router;
    }

    @GetMapping("/v1/models")
    Mono<ResponseEntity<?>> models(ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        String requestId = ReactiveRequestIdFilter.requestId(exchange);
        return router.models(caller, requestId)
                .map(this::fromRouter)
                // a router that answered, but without the list: what its agents say
                .onErrorResume(ModelsController::answeredWithoutList, e -> {
                    log.info("the router gave no model list ({}), listing its agents", e.toString());
                    return router.agents(caller, requestId).map(this::fromAgents);
                })
                .doOnNext(lastKnown::set)
                .onErrorResume(e -> !(e instanceof DownstreamProblem) && lastKnown.get() != null, e -> {
                    log.warn("the router's model list is unavailable, answering the last one: {}", e.toString());
                    return Mono.just(lastKnown.get());
                })
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .onErrorResume(DownstreamProblem.class, problem -> Mono.just(problem.toResponse()));
    }

    /** A problem answer, or one that could not be read: the router is there, its list is not. */
    private static boolean answeredWithoutList(Throwable e) {
        return e instanceof DownstreamProblem
                || (e instanceof PlatformException platform && platform.status() == HttpStatus.BAD_GATEWAY);
    }

    private ModelList fromRouter(List<ModelSummary> summaries) {
        List<Model> models = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ModelSummary summary : summaries) {
            if (summary != null && summary.id() != null && seen.add(summary.id())) {
                String owner = summary.ownedBy() == null ? OWNER : summary.ownedBy();
                models.add(new Model(summary.id(), "model", created, owner));
            }
        }
        return new ModelList("list", models);
    }

    private ModelList fromAgents(List<AgentSummary> agents) {
        List<Model> models = new ArrayList<>();
        models.add(new Model("auto", "model", created, OWNER));
        Set<String> teams = new LinkedHashSet<>();
        agents.forEach(agent -> teams.add(agent.team()));
        teams.forEach(team -> models.add(new Model(team, "model", created, OWNER)));
        agents.forEach(agent -> models.add(new Model(agent.name(), "model", created, OWNER)));
        return new ModelList("list", models);
    }

    record ModelList(String object, List<Model> data) {}

    record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {}
}
