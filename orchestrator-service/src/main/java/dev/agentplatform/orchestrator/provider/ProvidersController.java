package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.ProviderCatalogView;
import dev.agentplatform.orchestrator.resilience.Breakers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/providers}: every catalog entry with whether its key is set, its breaker's state and
 * its prices, and each tier's chain. Operators read it through the gateway (admin key); the router
 * checks agent definitions and model ids against it.
 */
@RestController
class ProvidersController {

    /** The breaker state shown for the simulated entry, which has no breaker of its own. */
    static final String NO_BREAKER = "NONE";

    private final ProviderRegistry providers;
    private final Breakers breakers;

    ProvidersController(ProviderRegistry providers, Breakers breakers) {
        this.providers = providers;
        this.breakers = breakers;
    }

    @GetMapping("/v1/providers")
    ProviderCatalogView providers() {
        return providers.view(name -> providers
                .info(name)
                .filter(info -> !info.simulated())
                .map(info -> breakers.provider(name).getState().name())
                .orElse(NO_BREAKER));
    }
}
