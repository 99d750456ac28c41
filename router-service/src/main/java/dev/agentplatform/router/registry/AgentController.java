package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.support.security.ServiceCaller;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The registry's API: agents registered here are routable at once, on every router instance, and
 * the orchestrator runs them as defined. The gateway builds {@code GET /v1/models} from the list and
 * requires the admin key for writes; the orchestrator polls the list with {@code If-None-Match}.
 */
@RestController
class AgentController {

    private final AgentRegistry registry;
    private final AgentReferences references;
    private final ObjectProvider<LiveStats> stats;
    private final ObjectProvider<RegistrySync> sync;

    AgentController(
            AgentRegistry registry,
            AgentReferences references,
            ObjectProvider<LiveStats> stats,
            ObjectProvider<RegistrySync> sync) {
        this.registry = registry;
        this.references = references;
        this.stats = stats;
        this.sync = sync;
    }

    /**
     * Every agent, whole. The {@code ETag} is the registry's version, which every change moves: a
     * matching {@code If-None-Match} gets a 304 (the live {@code stats} are not part of it).
     */
    @GetMapping("/v1/agents")
    ResponseEntity<List<AgentView>> agents(WebRequest request) {
        AgentRegistry.Listing listing = registry.listing();
        if (request.checkNotModified("\"" + listing.version() + "\"")) {
            return null;
        }
        return ResponseEntity.ok(listing.agents().stream().map(this::view).toList());
    }

    @GetMapping("/v1/agents/{name}")
    AgentView agent(@PathVariable String name) {
        return view(registry.find(name).orElseThrow(() -> AgentRegistry.notFound(name)));
    }

    @PostMapping("/v1/agents")
    ResponseEntity<AgentView> register(@Valid @RequestBody AgentRegistration registration) {
        ServiceCaller.requireAdmin();
        // An agent may share its name with a team ("math" in team "math"): a model value names the
        // agent first, the team second, so both stay reachable.
        AgentDefinition agent = registration.toDefinition(registration.name());
        references.check(agent);
        registry.register(agent);
        sync.ifAvailable(RegistrySync::announce);
        return ResponseEntity.created(URI.create("/v1/agents/" + agent.name())).body(view(agent));
    }

    /** Replaces an agent's whole definition; the path's name wins over one in the body. */
    @PutMapping("/v1/agents/{name}")
    AgentView replace(@PathVariable String name, @Valid @RequestBody AgentRegistration registration) {
        ServiceCaller.requireAdmin();
        if (registry.find(name).isEmpty()) {
            throw AgentRegistry.notFound(name);
        }
        AgentDefinition agent = registration.toDefinition(name);
        references.check(agent);
        registry.replace(agent);
        sync.ifAvailable(RegistrySync::announce);
        return view(agent);
    }

    @DeleteMapping("/v1/agents/{name}")
    ResponseEntity<Void> remove(@PathVariable String name) {
        ServiceCaller.requireAdmin();
        registry.remove(name);
        sync.ifAvailable(RegistrySync::announce);
        return ResponseEntity.noContent().build();
    }

    private AgentView view(AgentDefinition agent) {
        LiveStats live = stats.getIfAvailable();
        return AgentView.of(agent, live == null ? null : live.of(agent.name()));
    }

    /**
     * An agent as listed: every field of {@link AgentDefinition} (absent ones as {@code null} or
     * empty) and what the router learned about it.
     *
     * @param stats what the router learned about it; {@code null} before learning is wired
     */
    record AgentView(
            String name,
            String team,
            String description,
            List<String> keywords,
            List<String> examples,
            String systemPrompt,
            String provider,
            List<String> fallbackProviders,
            List<String> capabilities,
            ModelTier tier,
            long expectedLatencyMs,
            LiveStats.AgentLiveStats stats) {

        static AgentView of(AgentDefinition agent, LiveStats.AgentLiveStats stats) {
            return new AgentView(
                    agent.name(),
                    agent.team(),
                    agent.description(),
                    agent.keywords(),
                    agent.examples(),
                    agent.systemPrompt(),
                    agent.provider(),
                    agent.fallbackProviders(),
                    agent.capabilities(),
                    agent.tier(),
                    agent.expectedLatencyMs(),
                    stats);
        }
    }
}
