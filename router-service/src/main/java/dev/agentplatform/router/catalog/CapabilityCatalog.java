package dev.agentplatform.router.catalog;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentplatform.router.task.ClientsProperties;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/** mcp-service's capabilities ({@code GET /v1/capabilities}) as the router checks agent definitions against them. */
public class CapabilityCatalog {

    private static final ParameterizedTypeReference<List<Capability>> CAPABILITIES =
            new ParameterizedTypeReference<>() {};

    private final CachedCatalog<Set<String>> catalog;

    public CapabilityCatalog(RestClient.Builder builder, ClientsProperties clients, CatalogProperties properties) {
        this(builder, clients, properties, Ticker.systemTicker());
    }

    CapabilityCatalog(
            RestClient.Builder builder, ClientsProperties clients, CatalogProperties properties, Ticker ticker) {
        RestClient client = NeighbourCatalogs.client(builder, properties.mcpUrl(), properties.catalogTimeout());
        this.catalog = new CachedCatalog<>(
                () -> NeighbourCatalogs.fetch(
                                client,
                                "/v1/capabilities",
                                spec -> spec.body(CAPABILITIES),
                                "mcp-service",
                                clients.retryAfter())
                        .stream()
                        .map(Capability::name)
                        .collect(Collectors.toCollection(LinkedHashSet::new)),
                properties.catalogTtl(),
                properties.catalogMinRefresh(),
                ticker);
    }

    /**
     * Checks that {@code name}, given as {@code field}, is a capability of mcp-service: a 400 problem
     * naming the field, the value and the known capabilities otherwise; a 503 when it cannot be checked.
     */
    public void requireCapability(String field, String name) {
        Set<String> known = catalog.holding(names -> names.contains(name));
        if (!known.contains(name)) {
            throw NeighbourCatalogs.unknown(field, name, "capability", known, "mcp-service (GET /v1/capabilities)");
        }
    }

    /** What the router reads of a capability as mcp-service lists it. */
    private record Capability(String name) {}
}
