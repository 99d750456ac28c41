package dev.agentplatform.router.catalog;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentplatform.common.ProviderCatalogView;
import dev.agentplatform.router.task.ClientsProperties;
import dev.agentplatform.support.PlatformException;
import java.util.List;
import java.util.Optional;
import org.springframework.web.client.RestClient;

/**
 * The orchestrator's provider catalog ({@code GET /v1/providers}, common-lib {@link
 * ProviderCatalogView}) as the router checks against it: the entry names an agent may call, and the
 * model ids a request may address directly.
 */
public class ProviderCatalog {

    static final String NEIGHBOUR = "orchestrator's provider catalog";

    private final CachedCatalog<ProviderCatalogView> catalog;

    public ProviderCatalog(RestClient.Builder builder, ClientsProperties clients, CatalogProperties properties) {
        this(builder, clients, properties, Ticker.systemTicker());
    }

    ProviderCatalog(
            RestClient.Builder builder, ClientsProperties clients, CatalogProperties properties, Ticker ticker) {
        RestClient client = NeighbourCatalogs.client(builder, clients.orchestratorUrl(), properties.catalogTimeout());
        this.catalog = new CachedCatalog<>(
                () -> NeighbourCatalogs.fetch(
                        client, "/v1/providers", ProviderCatalogView.class, "orchestrator", clients.retryAfter()),
                properties.catalogTtl(),
                properties.catalogMinRefresh(),
                ticker);
    }

    /** The catalog; a 503 problem when the orchestrator cannot be reached. */
    public ProviderCatalogView view() {
        return catalog.current();
    }

    /** The catalog, or empty when the orchestrator cannot be reached. */
    public Optional<ProviderCatalogView> viewIfReachable() {
        try {
            return Optional.of(view());
        } catch (PlatformException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks that {@code name}, given as {@code field}, is an entry of the catalog: a 400 problem
     * naming the field, the value and the known entries otherwise; a 503 when it cannot be checked.
     */
    public void requireEntry(String field, String name) {
        ProviderCatalogView view = catalog.holding(v -> entryNamed(v, name).isPresent());
        if (entryNamed(view, name).isEmpty()) {
            throw NeighbourCatalogs.unknown(
                    field, name, "provider", names(view), "the orchestrator's provider catalog (GET /v1/providers)");
        }
    }

    /**
     * The model id {@code model} addresses: an entry's model id, or the model of the entry of that
     * name; empty when the catalog has neither. A 503 problem when the orchestrator cannot be reached.
     */
    public Optional<String> modelId(String model) {
        ProviderCatalogView view = catalog.holding(v -> resolve(v, model).isPresent());
        return resolve(view, model);
    }

    private static Optional<String> resolve(ProviderCatalogView view, String model) {
        for (ProviderCatalogView.Entry entry : entries(view)) {
            if (model.equals(entry.model())) {
                return Optional.of(entry.model());
            }
        }
        return entryNamed(view, model).map(ProviderCatalogView.Entry::model);
    }

    private static Optional<ProviderCatalogView.Entry> entryNamed(ProviderCatalogView view, String name) {
        return entries(view).stream().filter(e -> name.equals(e.name())).findFirst();
    }

    private static List<String> names(ProviderCatalogView view) {
        return entries(view).stream().map(ProviderCatalogView.Entry::name).toList();
    }

    static List<ProviderCatalogView.Entry> entries(ProviderCatalogView view) {
        return view.providers() == null ? List.of() : view.providers();
    }
}
