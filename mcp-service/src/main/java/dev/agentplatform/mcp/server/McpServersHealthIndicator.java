package dev.agentplatform.mcp.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Reports every server UP or DOWN. The service as a whole is DOWN only when no server runs: with one server
 * dead the others' capabilities (and fallbacks) still work, and taking the instance out of rotation would stop
 * the very calls that restart the dead one. Each check also restarts dead servers in the background.
 */
@Component("mcpServers")
class McpServersHealthIndicator implements HealthIndicator {

    private final McpServerRegistry registry;

    McpServersHealthIndicator(McpServerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        var states = registry.states();
        boolean anyAlive = states.isEmpty() || states.stream().anyMatch(ServerState::alive);
        Health.Builder health = anyAlive ? Health.up() : Health.down();
        states.forEach(state -> health.withDetail(state.name(), details(state)));
        return health.build();
    }

    private static Map<String, Object> details(ServerState state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", (state.alive() ? Status.UP : Status.DOWN).getCode());
        details.put("tools", state.tools().size());
        details.put("restarts", state.restarts());
        if (state.lastError() != null) {
            details.put("lastError", state.lastError());
        }
        return details;
    }
}
