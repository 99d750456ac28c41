package dev.agentplatform.router.catalog;

import dev.agentplatform.router.task.ClientsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The clients of the neighbours' catalogs. */
@Configuration(proxyBeanMethods = false)
class CatalogConfig {

    @Bean
    ProviderCatalog providerCatalog(
            RestClient.Builder builder, ClientsProperties clients, CatalogProperties properties) {
        return new ProviderCatalog(builder, clients, properties);
    }

    @Bean
    CapabilityCatalog capabilityCatalog(
            RestClient.Builder builder, ClientsProperties clients, CatalogProperties properties) {
        return new CapabilityCatalog(builder, clients, properties);
    }
}
