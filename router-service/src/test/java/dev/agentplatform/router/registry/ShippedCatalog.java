package dev.agentplatform.router.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** The agent catalog exactly as {@code application.yml} ships it, for tests that need no Spring context. */
public final class ShippedCatalog {

    private ShippedCatalog() {}

    public static AgentRegistry registry() {
        return new AgentRegistry(properties());
    }

    public static AgentCatalogProperties properties() {
        try {
            var sources = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind("platform.router", AgentCatalogProperties.class)
                    .get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
