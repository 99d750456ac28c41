package dev.agentplatform.support;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets {@code REDIS_URL} ({@code redis://host:port[/db]}) and {@code DATABASE_URL}
 * ({@code postgresql://user[:password]@host:port/db} or a {@code jdbc:} URL) configure Spring's
 * clients, the way container platforms hand them out, and {@code PLATFORM_INTERNAL_SECRET} the
 * secret services authenticate each other with. They win over the services' config files;
 * command-line arguments and system properties still win over them.
 *
 * <p>Traces are exported over OTLP/HTTP only when {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (taken as
 * it is) or {@code OTEL_EXPORTER_OTLP_ENDPOINT} (with {@code /v1/traces} appended, as the OpenTelemetry
 * SDKs do) is set and {@code management.opentelemetry.tracing.export.otlp.endpoint} is not: without a
 * collector nothing is sent anywhere, and nothing is recorded (sampling 0 unless set).
 */
public class InfrastructureEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** Where Spring Boot sends spans over OTLP; no exporter exists while it is unset. */
    static final String TRACES_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    /** The share of traces recorded; a setting of its own wins over the default chosen here. */
    static final String SAMPLING = "management.tracing.sampling.probability";

    /** Defaults every service shares; any service's own configuration overrides them. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "management.endpoints.web.exposure.include", "health,info,prometheus",
            // every meter carries its service: dashboards and alerts select and group by it
            "management.metrics.tags.application", "${spring.application.name:application}",
            "management.endpoint.health.probes.enabled", "true",
            "management.otlp.metrics.export.enabled", "false",
            "logging.pattern.correlation", "[%X{traceId:-},%X{spanId:-}] [%X{requestId:-}] ",
            "server.shutdown", "graceful",
            // above what the gateway lets through, so a request it accepts is never refused behind it
            "server.max-http-request-header-size", "64KB",
            "spring.lifecycle.timeout-per-shutdown-phase", "10s");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> props = new HashMap<>();
        String redis = environment.getProperty("REDIS_URL");
        if (redis != null && !redis.isBlank()) {
            props.put("spring.data.redis.url", redis.trim());
        }
        String database = environment.getProperty("DATABASE_URL");
        if (database != null && !database.isBlank()) {
            props.putAll(datasource(database.trim()));
        }
        String secret = environment.getProperty("PLATFORM_INTERNAL_SECRET");
        if (secret != null && !secret.isBlank()) {
            props.put("platform.security.internal-secret", secret.trim());
        }
        String traces = tracesEndpoint(environment);
        if (traces != null && !environment.containsProperty(TRACES_ENDPOINT)) {
            props.put(TRACES_ENDPOINT, traces);
        }
        if (!props.isEmpty()) {
            // above the application's own config files, below command-line arguments and system
            // properties: the environment names the infrastructure, as on any container platform
            MapPropertySource urls = new MapPropertySource("platformInfrastructureUrls", props);
            if (environment.getPropertySources().contains("systemEnvironment")) {
                environment.getPropertySources().addAfter("systemEnvironment", urls);
            } else {
                environment.getPropertySources().addLast(urls);
            }
        }
        Map<String, Object> defaults = new HashMap<>(DEFAULTS);
        // One trace in ten is recorded while a collector receives them (a caller's sampled
        // traceparent is always followed). Without one, none is: trace ids still reach the logs and
        // every hop's headers, but recording spans nobody exports cost each hop about a third of its
        // CPU per request (bench/e2e)
        boolean exporting = traces != null || environment.containsProperty(TRACES_ENDPOINT);
        defaults.put(SAMPLING, exporting ? "0.1" : "0.0");
        environment.getPropertySources().addLast(new MapPropertySource("platformDefaults", defaults));
    }

    /** The OTLP/HTTP traces endpoint the standard OpenTelemetry variables name, or null. */
    static String tracesEndpoint(ConfigurableEnvironment environment) {
        String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (traces != null && !traces.isBlank()) {
            return traces.trim();
        }
        String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (base != null && !base.isBlank()) {
            return base.trim().replaceAll("/+$", "") + "/v1/traces";
        }
        return null;
    }

    /** Spring datasource properties for a {@code DATABASE_URL}. */
    static Map<String, Object> datasource(String url) {
        Map<String, Object> props = new HashMap<>();
        if (url.startsWith("jdbc:")) {
            props.put("spring.datasource.url", url);
            return props;
        }
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        props.put(
                "spring.datasource.url", "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            props.put("spring.datasource.username", colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                props.put("spring.datasource.password", userInfo.substring(colon + 1));
            }
        }
        return props;
    }
}
