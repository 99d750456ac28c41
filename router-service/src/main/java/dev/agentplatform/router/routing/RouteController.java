package dev.agentplatform.router.routing;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.Strategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Dry run: shows the decision a prompt would get, without executing anything. */
@RestController
class RouteController {

    private final RoutingService routing;

    RouteController(RoutingService routing) {
        this.routing = routing;
    }

    @PostMapping("/v1/route")
    RoutingDecision route(
            @Valid @RequestBody RouteRequest request,
            @RequestHeader(name = Headers.USER_ID, required = false) String userId,
            @RequestHeader(name = Headers.USER_TIER, required = false) String tier,
            @RequestHeader(name = Headers.PROMPT_EMBEDDING, required = false) String promptEmbedding,
            @RequestHeader(name = Headers.USER_TEAM, required = false) String team,
            @RequestHeader(name = Headers.KEY_ID, required = false) String keyId) {
        return routing.decide(new RouteQuery(
                request.prompt(),
                request.model(),
                request.agents(),
                request.strategy(),
                userId,
                tier,
                promptEmbedding,
                team,
                keyId));
    }

    /**
     * A dry-run request: the routing-relevant fields of a task.
     *
     * @param prompt the text to route
     * @param model {@code auto}, an agent or a team
     * @param agents explicit agents, primary first
     * @param strategy an explicit strategy
     */
    record RouteRequest(
            @NotBlank @Size(max = 100_000) String prompt,
            @Size(max = 200) String model,
            @Size(max = 10) List<@NotBlank String> agents,
            Strategy strategy) {}
}
