package dev.agentplatform.deploy;

import static dev.agentplatform.deploy.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

/** The chart under deploy/helm, linted and rendered by real Helm (helm-java) for both values files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmChartTest {

    private static final Path CHART = Repository.resolve("deploy/helm/agent-platform");
    private static final String RELEASE = "platform";
    private static final String PREFIX = "platform-agent-platform-";
    private static final List<String> SERVICES = Repository.SERVICES;

    private RenderedChart defaults;
    private RenderedChart production;

    @BeforeAll
    void render() {
        defaults =
                RenderedChart.parse(new Helm(CHART).template().withName(RELEASE).call());
        production = RenderedChart.parse(new Helm(CHART)
                .template()
                .withName(RELEASE)
                .withValuesFile(CHART.resolve("values-production.yaml"))
                .set("monitoring.force", true)
                .call());
    }

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void everyServiceHasADeploymentServiceConfigMapSecretDisruptionBudgetAndAllButMemoryAnAutoscaler() {
        for (RenderedChart chart : List.of(defaults, production)) {
            List<String> expected =
                    SERVICES.stream().map(s -> PREFIX + s).sorted().toList();
            for (String kind :
                    List.of("Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget", "NetworkPolicy")) {
                assertThat(chart.names(kind)).as(kind).containsAll(expected);
            }
            // memory-service runs one pod with its index on a volume: it has no autoscaler
            assertThat(chart.names("HorizontalPodAutoscaler"))
                    .containsAll(expected.stream()
                            .filter(name -> !name.equals(PREFIX + "memory-service"))
                            .toList())
                    .doesNotContain(PREFIX + "memory-service");
        }
    }

    @Test
    void deploymentsRollTwoUpOneDownWithActuatorProbesAndNoLatestImage() {
        for (RenderedChart chart : List.of(defaults, production)) {
            for (Map<String, Object> deployment : chart.ofKind("Deployment")) {
                String name = at(deployment, "metadata", "name");
                if (name.equals(PREFIX + "memory-service")) {
                    // its volume is mounted by one pod at a time
                    assertThat((String) at(deployment, "spec", "strategy", "type"))
                            .isEqualTo("Recreate");
                    assertThat((Object) at(deployment, "spec", "replicas")).isEqualTo(1);
                } else {
                    assertThat((String) at(deployment, "spec", "strategy", "type"))
                            .as(name)
                            .isEqualTo("RollingUpdate");
                    assertThat((Object) at(deployment, "spec", "strategy", "rollingUpdate", "maxSurge"))
                            .as(name)
                            .isEqualTo(2);
                    assertThat((Object) at(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable"))
                            .as(name)
                            .isEqualTo(1);
                    // the autoscaler owns the replica count
                    assertThat((Object) at(deployment, "spec", "replicas"))
                            .as(name)
                            .isNull();
                }

                Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", 0);
                String image = (String) container.get("image");
                assertThat(image).as(name).matches(".+/.+:[^:]+").doesNotEndWith(":latest");
                assertThat((String) at(container, "startupProbe", "httpGet", "path"))
                        .isEqualTo("/actuator/health/liveness");
                assertThat((String) at(container, "livenessProbe", "httpGet", "path"))
                        .isEqualTo("/actuator/health/liveness");
                assertThat((String) at(container, "readinessProbe", "httpGet", "path"))
                        .isEqualTo("/actuator/health/readiness");
                assertThat((Object) at(container, "resources", "requests", "cpu"))
                        .as(name)
                        .isNotNull();
                assertThat((Object) at(container, "resources", "limits", "memory"))
                        .as(name)
                        .isNotNull();
                assertThat((Object) at(container, "securityContext", "readOnlyRootFilesystem"))
                        .isEqualTo(true);
                assertThat((Object) at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                        .isEqualTo(true);
            }
        }
    }

    @Test
    void memoryKeepsItsWarmIndexOnAVolumeOfItsOwnInOnePod() {
        for (RenderedChart chart : List.of(defaults, production)) {
            String memory = PREFIX + "memory-service";
            Map<String, Object> claim = chart.named("PersistentVolumeClaim", memory + "-data");
            assertThat((List<Object>) at(claim, "spec", "accessModes")).containsExactly("ReadWriteOnce");
            assertThat((String) at(claim, "spec", "resources", "requests", "storage"))
                    .endsWith("Gi");
            assertThat((String) at(claim, "metadata", "annotations", "helm.sh/resource-policy"))
                    .isEqualTo("keep");
            // only memory-service has data of its own
            assertThat(chart.names("PersistentVolumeClaim")).containsExactly(memory + "-data");

            Map<String, Object> pod = at(chart.named("Deployment", memory), "spec", "template", "spec");
            List<Map<String, Object>> volumes = at(pod, "volumes");
            assertThat(volumes)
                    .anySatisfy(v -> assertThat((String) at(v, "persistentVolumeClaim", "claimName"))
                            .isEqualTo(memory + "-data"));
            List<Map<String, Object>> mounts = at(pod, "containers", 0, "volumeMounts");
            assertThat(mounts).anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/app/data"));
            assertThat((String) at(chart.named("ConfigMap", memory), "data", "PLATFORM_MEMORY_WARM_INDEX_DIR"))
                    .isEqualTo("/app/data/memory-warm");
        }
    }

    @Test
    void orchestratorScalesBetweenTenAndAHundredPods() {
        for (RenderedChart chart : List.of(defaults, production)) {
            Map<String, Object> hpa = chart.named("HorizontalPodAutoscaler", PREFIX + "orchestrator-service");
            assertThat((Object) at(hpa, "spec", "minReplicas")).isEqualTo(10);
            assertThat((Object) at(hpa, "spec", "maxReplicas")).isEqualTo(100);
            assertThat((String) at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(PREFIX + "orchestrator-service");
        }
        for (Map<String, Object> hpa : defaults.ofKind("HorizontalPodAutoscaler")) {
            assertThat((Integer) at(hpa, "spec", "minReplicas")).isLessThanOrEqualTo(at(hpa, "spec", "maxReplicas"));
        }
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideTheRelease() {
        for (Map<String, Object> policy : defaults.ofKind("NetworkPolicy")) {
            String name = at(policy, "metadata", "name");
            List<Map<String, Object>> rules = at(policy, "spec", "ingress");
            if (name.endsWith("gateway-service")) {
                assertThat(rules)
                        .singleElement()
                        .satisfies(rule -> assertThat(rule).doesNotContainKey("from"));
            } else {
                assertThat(rules)
                        .as(name)
                        .isNotEmpty()
                        .allSatisfy(rule -> assertThat(rule).containsKey("from"));
                assertThat((Object) at(rules.get(0), "from", 0, "podSelector", "matchLabels"))
                        .isEqualTo(Map.of(
                                "app.kubernetes.io/part-of", "agent-platform", "app.kubernetes.io/instance", RELEASE));
            }
        }
        for (Map<String, Object> service : defaults.ofKind("Service")) {
            assertThat((String) at(service, "spec", "type")).isEqualTo("ClusterIP");
        }
    }

    @Test
    void servicesReachEachOtherByTheirInClusterNames() {
        Map<String, Object> gateway = at(defaults.named("ConfigMap", PREFIX + "gateway-service"), "data");
        assertThat(gateway)
                .containsEntry("PLATFORM_GATEWAY_ROUTES_ROUTER_URL", "http://" + PREFIX + "router-service:8081")
                .containsEntry("SERVER_PORT", "8080");
        Map<String, Object> orchestrator = at(defaults.named("ConfigMap", PREFIX + "orchestrator-service"), "data");
        assertThat(orchestrator)
                .containsEntry("PLATFORM_ORCHESTRATOR_CLIENTS_MEMORY_URL", "http://" + PREFIX + "memory-service:8084");
        Map<String, Object> mcp = at(defaults.named("ConfigMap", PREFIX + "mcp-service"), "data");
        assertThat(mcp)
                .containsEntry("PLATFORM_MCP_MEMORY_URL", "http://" + PREFIX + "memory-service:8084")
                // /mcp's ask tool
                .containsEntry("PLATFORM_MCP_PLATFORMSERVER_ROUTERURL", "http://" + PREFIX + "router-service:8081");
        Map<String, Object> costSecret = at(defaults.named("Secret", PREFIX + "cost-service"), "stringData");
        assertThat(costSecret).containsEntry("DATABASE_URL", "postgresql://platform@postgresql:5432/platform");
    }

    @Test
    void productionUsesItsExternalServicesAndExistingSecret() {
        assertThat(production.names("Secret")).doesNotContain(PREFIX + "shared");
        Map<String, Object> deployment = production.named("Deployment", PREFIX + "gateway-service");
        assertThat((String) at(deployment, "spec", "template", "spec", "containers", 0, "image"))
                .isEqualTo("registry.example.com/agent-platform/gateway-service:0.1.0");
        assertThat((Object) at(deployment, "spec", "template", "spec", "containers", 0, "envFrom", 2, "secretRef"))
                .isEqualTo(Map.of("name", "agent-platform-secrets"));
        assertThat((Map<String, Object>) at(production.named("ConfigMap", PREFIX + "gateway-service"), "data"))
                .containsEntry("PLATFORM_GATEWAY_SEMANTIC_INDEX", "qdrant")
                .containsEntry(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability.svc.cluster.local:4318");
        assertThat((Map<String, Object>) at(production.named("Secret", PREFIX + "router-service"), "stringData"))
                .containsEntry(
                        "DATABASE_URL",
                        "postgresql://agent_platform:CHANGE_ME@postgresql.data.svc.cluster.local:5432/agent_platform");
        assertThat(production.names("Ingress")).containsExactly(PREFIX + "gateway-service");
        assertThat((Map<String, Object>) at(production.named("ConfigMap", PREFIX + "mcp-service"), "data"))
                .containsEntry("PLATFORM_MCP_ANONYMOUS_ENABLED", "false");
    }

    @Test
    void everyServiceReadsTheSharedSecretCreatedAtInstall() {
        // a pre-install hook: helm template leaves hooks out, helm lint renders them
        for (Map<String, Object> deployment : defaults.ofKind("Deployment")) {
            assertThat((Object) at(deployment, "spec", "template", "spec", "containers", 0, "envFrom", 2, "secretRef"))
                    .isEqualTo(Map.of("name", PREFIX + "shared"));
        }
    }

    @Test
    void monitoringObjectsOnlyWhereThePrometheusOperatorIs() {
        // helm template knows no CRDs: nothing, unless forced
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();

        Map<String, Object> monitor = production.ofKind("ServiceMonitor").get(0);
        assertThat((String) at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        Map<String, Object> rule = production.ofKind("PrometheusRule").get(0);
        List<Map<String, Object>> groups = at(rule, "spec", "groups");
        List<Object> alerts = groups.stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                .map(r -> r.get("alert"))
                .toList();
        assertThat(alerts).contains("HighFailureRate", "CostOverrun", "CircuitBreakerOpenTooLong", "ServiceDown");
    }

    @Test
    void everyDashboardIsAConfigMapForGrafanasSidecar() throws Exception {
        List<Path> dashboards = Repository.files(Repository.resolve("deploy/grafana/dashboards"), ".json");
        List<Map<String, Object>> maps = defaults.ofKind("ConfigMap").stream()
                .filter(c -> "1".equals(at(c, "metadata", "labels", "grafana_dashboard")))
                .toList();
        assertThat(maps).hasSize(dashboards.size()).isNotEmpty();
        JsonMapper json = JsonMapper.builder().build();
        for (Map<String, Object> map : maps) {
            Map<String, Object> data = at(map, "data");
            assertThat(data).hasSize(1);
            String file = data.keySet().iterator().next();
            assertThat(json.readTree((String) data.get(file)).get("uid").asString())
                    .isEqualTo(json.readTree(Repository.resolve("deploy/grafana/dashboards/" + file)
                                    .toFile())
                            .get("uid")
                            .asString());
        }
    }

    @Test
    void anEnvoyCircuitBreakerSitsInFrontOfTheOrchestratorWhenEnabled() {
        String orchestrator = PREFIX + "orchestrator-service";
        // off by default: one container, the Service straight to it, no Envoy config
        assertThat((List<Object>)
                        at(defaults.named("Deployment", orchestrator), "spec", "template", "spec", "containers"))
                .hasSize(1);
        assertThat((String) at(defaults.named("Service", orchestrator), "spec", "ports", 0, "targetPort"))
                .isEqualTo("http");
        assertThat(defaults.names("ConfigMap")).doesNotContain(orchestrator + "-envoy");

        // on in production: the sidecar, the Service through it, its config with the limits
        Map<String, Object> deployment = production.named("Deployment", orchestrator);
        Map<String, Object> envoy = at(deployment, "spec", "template", "spec", "containers", 1);
        assertThat((String) envoy.get("name")).isEqualTo("envoy");
        assertThat((String) envoy.get("image")).startsWith("envoyproxy/envoy:v").doesNotEndWith(":latest");
        assertThat((Object) at(envoy, "ports", 0, "containerPort")).isEqualTo(15001);
        assertThat((String) at(envoy, "volumeMounts", 0, "mountPath")).isEqualTo("/etc/envoy");
        assertThat((Object) at(envoy, "securityContext", "readOnlyRootFilesystem"))
                .isEqualTo(true);
        List<Map<String, Object>> volumes = at(deployment, "spec", "template", "spec", "volumes");
        assertThat(volumes)
                .filteredOn(v -> "envoy-config".equals(v.get("name")))
                .singleElement()
                .satisfies(v -> assertThat((String) at(v, "configMap", "name")).isEqualTo(orchestrator + "-envoy"));
        assertThat((String) at(production.named("Service", orchestrator), "spec", "ports", 0, "targetPort"))
                .isEqualTo("envoy");
        List<Map<String, Object>> ports =
                at(production.named("NetworkPolicy", orchestrator), "spec", "ingress", 0, "ports");
        assertThat(ports).extracting(p -> p.get("port")).contains("http", "envoy");
        // only the orchestrator has one
        for (Map<String, Object> other : production.ofKind("Deployment")) {
            if (!orchestrator.equals(at(other, "metadata", "name"))) {
                assertThat((List<Object>) at(other, "spec", "template", "spec", "containers"))
                        .hasSize(1);
            }
        }

        Map<String, Object> config = RenderedChart.parse(
                        at(production.named("ConfigMap", orchestrator + "-envoy"), "data", "envoy.yaml"))
                .objects()
                .get(0);
        Map<String, Object> listener = at(config, "static_resources", "listeners", 0);
        assertThat((Object) at(listener, "address", "socket_address", "port_value"))
                .isEqualTo(15001);
        Map<String, Object> cluster = at(config, "static_resources", "clusters", 0);
        assertThat((Object) at(
                        cluster,
                        "load_assignment",
                        "endpoints",
                        0,
                        "lb_endpoints",
                        0,
                        "endpoint",
                        "address",
                        "socket_address",
                        "port_value"))
                .isEqualTo(8082);
        assertThat((Map<String, Object>) at(cluster, "circuit_breakers", "thresholds", 0))
                .containsEntry("max_connections", 1000)
                .containsEntry("max_pending_requests", 1000)
                .containsEntry("max_requests", 1000)
                .containsEntry("max_retries", 3);
        assertThat((Map<String, Object>) at(cluster, "outlier_detection"))
                .containsEntry("consecutive_5xx", 5)
                .containsEntry("interval", "10s")
                .containsEntry("base_ejection_time", "30s");
    }

    @Test
    void refusesALatestImageTag() {
        assertThatThrownBy(() -> new Helm(CHART)
                        .template()
                        .withName(RELEASE)
                        .set("image.tag", "latest")
                        .call())
                .hasMessageContaining("image.tag");
    }
}
