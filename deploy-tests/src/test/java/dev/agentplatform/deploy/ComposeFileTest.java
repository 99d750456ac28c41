package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml: accepted by docker-compose itself, and complete without it. */
class ComposeFileTest {

    private static final Path ROOT = Repository.root();
    private static final List<String> SERVICES = Repository.SERVICES;

    @Test
    void dockerComposeAcceptsItWithTheExampleEnvironment() throws Exception {
        Path compose = Binaries.require("docker-compose", "docker-compose");

        Binaries.Result config = Binaries.run(ROOT, compose, "--env-file", ".env.example", "config", "-q");

        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    @Test
    void everyServiceAndItsInfrastructureRunsWithHealthChecksAndWaitsForWhatItNeeds() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) file.get("services");

        assertThat(services)
                .containsKeys(SERVICES.toArray(String[]::new))
                .containsKeys("redis", "postgres", "qdrant", "neo4j", "prometheus", "grafana", "jaeger");
        services.forEach((name, service) -> {
            assertThat(service).as(name).containsKey("healthcheck");
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                assertThat(dependsOn).as(name).isInstanceOf(Map.class);
                ((Map<?, ?>) dependsOn)
                        .forEach((dependency, condition) -> assertThat(condition)
                                .as(name + " -> " + dependency)
                                .isEqualTo(Map.of("condition", "service_healthy")));
            }
        });
        for (String name : SERVICES) {
            assertThat(services.get(name)).as(name).containsKey("depends_on");
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
            assertThat(build).as(name).containsEntry("args", Map.of("SERVICE", name));
            assertThat((String) services.get(name).get("image")).doesNotEndWith(":latest");
        }
        // only the gateway of the six is published on the host
        assertThat(SERVICES.stream().filter(s -> services.get(s).containsKey("ports")))
                .containsExactly("gateway-service");
    }

    @Test
    void mcpServiceReachesTheServicesItCallsByTheirComposeNames() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> environment =
                (Map<String, Object>) ((Map<String, Map<String, Object>>) file.get("services"))
                        .get("mcp-service")
                        .get("environment");

        assertThat(environment)
                .containsEntry("PLATFORM_MCP_MEMORY_URL", "http://memory-service:8084")
                // /mcp's ask tool
                .containsEntry("PLATFORM_MCP_PLATFORMSERVER_ROUTERURL", "http://router-service:8081");
    }

    @Test
    @SuppressWarnings("unchecked")
    void memoryServiceKeepsItsWarmIndexOnANamedVolume() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> memory = ((Map<String, Map<String, Object>>) file.get("services")).get("memory-service");

        String indexDir =
                (String) ((Map<String, Object>) memory.get("environment")).get("PLATFORM_MEMORY_WARM_INDEX_DIR");
        assertThat(indexDir).startsWith("/app/data/");
        assertThat((List<String>) memory.get("volumes")).contains("memory-data:/app/data");
        assertThat((Map<String, Object>) file.get("volumes")).containsKey("memory-data");
        // the environment of every service is still there beside the index directory
        assertThat((Map<String, Object>) memory.get("environment")).containsKeys("REDIS_URL", "NEO4J_URI");
    }

    @Test
    void theExampleEnvironmentNamesEveryVariableTheComposeFileReads() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Set<String> read = new LinkedHashSet<>();
        // ${NAME} is compose's; $${NAME} is the container shell's own variable
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)").matcher(compose);
        while (m.find()) {
            read.add(m.group(1));
        }
        Set<String> example = new LinkedHashSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                example.add(line.substring(0, line.indexOf('=')));
            }
        }

        assertThat(example).containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void theDockerfileBuildsEveryServiceAsANonRootUserWithAHealthCheck() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        for (String name : SERVICES) {
            assertThat(dockerfile).contains("AS " + name + "\n");
        }
        assertThat(dockerfile)
                .contains("ARG SERVICE")
                .contains("FROM eclipse-temurin:17-jre")
                .contains("USER 10001")
                .contains("HEALTHCHECK")
                .contains("/actuator/health/readiness")
                .contains("DJL_CACHE_DIR=/app/cache/djl")
                .doesNotContain(":latest");
    }
}
