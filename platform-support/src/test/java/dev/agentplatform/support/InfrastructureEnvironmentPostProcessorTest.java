package dev.agentplatform.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class InfrastructureEnvironmentPostProcessorTest {

    @Test
    void databaseUrlBecomesJdbcUrlAndCredentials() {
        Map<String, Object> props =
                InfrastructureEnvironmentPostProcessor.datasource("postgresql://app:s3cret@db.internal:6543/ledger");

        assertThat(props)
                .containsEntry("spring.datasource.url", "jdbc:postgresql://db.internal:6543/ledger")
                .containsEntry("spring.datasource.username", "app")
                .containsEntry("spring.datasource.password", "s3cret");
    }

    @Test
    void databaseUrlWithoutPortOrPasswordUsesDefaults() {
        Map<String, Object> props =
                InfrastructureEnvironmentPostProcessor.datasource("postgres://postgres@localhost/test");

        assertThat(props)
                .containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:5432/test")
                .containsEntry("spring.datasource.username", "postgres")
                .doesNotContainKey("spring.datasource.password");
    }

    @Test
    void jdbcUrlIsTakenAsItIs() {
        assertThat(InfrastructureEnvironmentPostProcessor.datasource("jdbc:postgresql://h:1/d?ssl=true"))
                .containsExactly(Map.entry("spring.datasource.url", "jdbc:postgresql://h:1/d?ssl=true"));
    }

    @Test
    void environmentUrlsWinOverConfigFilesAndDefaultsApplyLast() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("REDIS_URL", "redis://cache:6390/2")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "application.yml",
                        Map.of(
                                "spring.data.redis.url", "redis://127.0.0.1:6379",
                                "management.endpoints.web.exposure.include", "health")));

        new InfrastructureEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://cache:6390/2");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health");
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled"))
                .isEqualTo("true");
    }

    @Test
    void tracesAreExportedOnlyWhenAnOtlpEndpointIsGiven() {
        assertThat(postProcessed(Map.of()).containsProperty(InfrastructureEnvironmentPostProcessor.TRACES_ENDPOINT))
                .isFalse();
        assertThat(postProcessed(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318/"))
                        .getProperty(InfrastructureEnvironmentPostProcessor.TRACES_ENDPOINT))
                .isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(postProcessed(Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318",
                                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/custom"))
                        .getProperty(InfrastructureEnvironmentPostProcessor.TRACES_ENDPOINT))
                .isEqualTo("http://collector:4318/custom");
    }

    @Test
    void anExplicitTracesEndpointWinsOverTheEnvironmentVariable() {
        StandardEnvironment environment = environment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318"));
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "args",
                        Map.of(InfrastructureEnvironmentPostProcessor.TRACES_ENDPOINT, "http://mine:4318/v1/traces")));

        new InfrastructureEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(InfrastructureEnvironmentPostProcessor.TRACES_ENDPOINT))
                .isEqualTo("http://mine:4318/v1/traces");
    }

    @Test
    void tracesAreRecordedOnlyWhileSomethingExportsThemUnlessTheSamplingIsSet() {
        String sampling = InfrastructureEnvironmentPostProcessor.SAMPLING;
        assertThat(postProcessed(Map.of()).getProperty(sampling)).isEqualTo("0.0");
        assertThat(postProcessed(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318"))
                        .getProperty(sampling))
                .isEqualTo("0.1");
        assertThat(postProcessed(Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.25"))
                        .getProperty(sampling))
                .isEqualTo("0.25");
        assertThat(postProcessed(Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://jaeger:4318",
                                "MANAGEMENT_TRACING_SAMPLING_PROBABILITY",
                                "1.0"))
                        .getProperty(sampling))
                .isEqualTo("1.0");
    }

    @Test
    void everyMeterIsTaggedWithItsApplication() {
        StandardEnvironment environment = environment(Map.of());
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("application.yml", Map.of("spring.application.name", "cost-service")));

        new InfrastructureEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.metrics.tags.application"))
                .isEqualTo("cost-service");
    }

    private static StandardEnvironment postProcessed(Map<String, Object> variables) {
        StandardEnvironment environment = environment(variables);
        new InfrastructureEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
