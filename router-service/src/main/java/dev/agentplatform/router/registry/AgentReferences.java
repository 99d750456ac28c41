package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.catalog.CapabilityCatalog;
import dev.agentplatform.router.catalog.ProviderCatalog;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks the names a definition refers to against their owners: its providers against the
 * orchestrator's provider catalog, its capabilities against mcp-service. An unknown name is a 400
 * problem naming the field; a neighbour that cannot be asked is a 503 (nothing is stored unchecked).
 * A definition that names neither asks no one.
 */
@Component
class AgentReferences {

    private final ProviderCatalog providers;
    private final CapabilityCatalog capabilities;

    AgentReferences(ProviderCatalog providers, CapabilityCatalog capabilities) {
        this.providers = providers;
        this.capabilities = capabilities;
    }

    void check(AgentDefinition agent) {
        if (agent.provider() != null) {
            providers.requireEntry("provider", agent.provider());
        }
        List<String> fallbacks = agent.fallbackProviders();
        for (int i = 0; i < fallbacks.size(); i++) {
            providers.requireEntry("fallbackProviders[" + i + "]", fallbacks.get(i));
        }
        List<String> uses = agent.capabilities();
        for (int i = 0; i < uses.size(); i++) {
            capabilities.requireCapability("capabilities[" + i + "]", uses.get(i));
        }
    }
}
