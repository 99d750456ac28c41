package dev.agentplatform.router.routing;

import dev.agentplatform.common.ProviderCatalogView;
import dev.agentplatform.router.catalog.ProviderCatalog;
import dev.agentplatform.router.registry.AgentRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models}: every value a request's {@code model} may take, for any service caller:
 * {@code auto}, the teams, the agents, then the provider catalog's model ids. When the orchestrator
 * cannot be reached the catalog's models are left out rather than the list refused.
 */
@RestController
class ModelsController {

    /** Who {@code auto} and the teams belong to. */
    static final String PLATFORM = "agent-platform";

    private final AgentRegistry registry;
    private final ProviderCatalog providers;

    ModelsController(AgentRegistry registry, ProviderCatalog providers) {
        this.registry = registry;
        this.providers = providers;
    }

    @GetMapping("/v1/models")
    List<ModelView> models() {
        List<ModelView> models = new ArrayList<>();
        models.add(new ModelView(RoutingService.AUTO, "auto", PLATFORM));
        registry.teams().forEach(team -> models.add(new ModelView(team, "team", PLATFORM)));
        registry.all().forEach(agent -> models.add(new ModelView(agent.name(), "agent", agent.team())));
        Set<String> seen = new LinkedHashSet<>();
        providers.viewIfReachable().ifPresent(view -> {
            for (ProviderCatalogView.Entry entry :
                    view.providers() == null ? List.<ProviderCatalogView.Entry>of() : view.providers()) {
                if (entry.model() != null && seen.add(entry.model())) {
                    models.add(new ModelView(entry.model(), "model", entry.name()));
                }
            }
        });
        return models;
    }

    /**
     * One value {@code model} may take.
     *
     * @param id the value
     * @param kind what it names: {@code auto}, {@code team}, {@code agent} or {@code model}
     * @param ownedBy the platform for {@code auto} and teams, an agent's team, a model's catalog entry
     */
    record ModelView(String id, String kind, String ownedBy) {}
}
