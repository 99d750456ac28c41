package dev.agentplatform.router.registry;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only view of the registry; the gateway builds {@code GET /v1/models} from it. */
@RestController
class AgentController {

    private final AgentRegistry registry;

    AgentController(AgentRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/v1/agents")
    List<Agent> agents() {
        return registry.all();
    }
}
