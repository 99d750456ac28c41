package dev.agentplatform.gateway.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.downstream.AgentSummary;
import dev.agentplatform.gateway.downstream.DownstreamProblem;
import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.support.ReactiveRequestIdFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /v1/models} in the OpenAI list shape: {@code auto}, then the teams, then the agents. */
@RestController
class ModelsController {

    static final String OWNER = "agent-platform";

    private final RouterClient router;

    /** Models have no creation date of their own; the gateway's start stands in, as a stable value. */
    private final long created = Instant.now().getEpochSecond();

    ModelsController(RouterClient router) {
        this.router = router;
    }

    @GetMapping("/v1/models")
    Mono<ResponseEntity<?>> models(ServerWebExchange exchange) {
        return router.agents(Caller.of(exchange), ReactiveRequestIdFilter.requestId(exchange))
                .<ResponseEntity<?>>map(agents -> ResponseEntity.ok(list(agents)))
                .onErrorResume(DownstreamProblem.class, problem -> Mono.just(problem.toResponse()));
    }

    private ModelList list(List<AgentSummary> agents) {
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
