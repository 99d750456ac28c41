package dev.agentplatform.router.registry;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry's API: agents registered here are routable at once, on every router instance. The
 * gateway builds {@code GET /v1/models} from the list and requires the admin key for writes.
 */
@RestController
class AgentController {

    /** Names end up in headers, metric tags and Redis keys downstream. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    private final AgentRegistry registry;
    private final ObjectProvider<LiveStats> stats;
    private final ObjectProvider<RegistrySync> sync;

    AgentController(AgentRegistry registry, ObjectProvider<LiveStats> stats, ObjectProvider<RegistrySync> sync) {
        this.registry = registry;
        this.stats = stats;
        this.sync = sync;
    }

    @GetMapping("/v1/agents")
    List<AgentView> agents() {
        LiveStats live = stats.getIfAvailable();
        return registry.all().stream()
                .map(agent -> AgentView.of(agent, live == null ? null : live.of(agent.name())))
                .toList();
    }

    @PostMapping("/v1/agents")
    ResponseEntity<AgentView> register(@Valid @RequestBody Registration registration) {
        ServiceCaller.requireAdmin();
        if (registration.name().equalsIgnoreCase("auto")) {
            throw invalid("'auto' is reserved: it leaves the choice to the router");
        }
        // An agent may share its name with a team ("math" in team "math"): a model value names the
        // agent first, the team second, so both stay reachable.
        Agent agent = registry.register(registration.toAgent());
        sync.ifAvailable(RegistrySync::announce);
        LiveStats live = stats.getIfAvailable();
        return ResponseEntity.created(URI.create("/v1/agents/" + agent.name()))
                .body(AgentView.of(agent, live == null ? null : live.of(agent.name())));
    }

    @DeleteMapping("/v1/agents/{name}")
    ResponseEntity<Void> remove(@PathVariable String name) {
        ServiceCaller.requireAdmin();
        registry.remove(name);
        sync.ifAvailable(RegistrySync::announce);
        return ResponseEntity.noContent().build();
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }

    /**
     * A new agent.
     *
     * @param name unique name: letters, digits, {@code _ . -}, at most 64
     * @param team its team, same alphabet
     * @param description what it is good at
     * @param keywords words or short phrases that signal a prompt for it, 1 to 50
     * @param examples prompts it should answer, at most 20; optional
     * @param costTier relative price, 1 (cheapest) to 4
     * @param avgLatencyMs typical answer time in milliseconds
     */
    record Registration(
            @NotBlank
            @Pattern(regexp = NAME, message = "must be 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit")
            String name,

            @NotBlank
            @Pattern(regexp = NAME, message = "must be 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit")
            String team,

            @NotBlank @Size(max = 2000) String description,
            @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 200) String> keywords,
            @Size(max = 20) List<@NotBlank @Size(max = 2000) String> examples,
            @NotNull @Min(1) @Max(4) Integer costTier,
            @NotNull @PositiveOrZero @Max(3_600_000) Long avgLatencyMs) {

        Agent toAgent() {
            return new Agent(
                    name,
                    team,
                    description.strip(),
                    keywords.stream().map(String::strip).toList(),
                    examples == null
                            ? List.of()
                            : examples.stream().map(String::strip).toList(),
                    costTier,
                    avgLatencyMs);
        }
    }

    /**
     * An agent as listed.
     *
     * @param stats what the router learned about it; {@code null} before learning is wired
     */
    record AgentView(
            String name,
            String team,
            String description,
            List<String> keywords,
            List<String> examples,
            int costTier,
            long avgLatencyMs,
            LiveStats.AgentLiveStats stats) {

        static AgentView of(Agent agent, LiveStats.AgentLiveStats stats) {
            return new AgentView(
                    agent.name(),
                    agent.team(),
                    agent.description(),
                    agent.keywords(),
                    agent.examples(),
                    agent.costTier(),
                    agent.avgLatencyMs(),
                    stats);
        }
    }
}
