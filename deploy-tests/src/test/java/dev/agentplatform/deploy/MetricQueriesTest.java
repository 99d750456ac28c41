package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names the dashboards and rules query, against the meters the services register in their code
 * and the ones Spring Boot and Prometheus provide. The end-to-end test checks the same names against
 * a live scrape; this one fails fast, without starting anything.
 */
class MetricQueriesTest {

    private static final Path ROOT = Repository.root();

    /** Meters of the frameworks (JVM, web server and clients, pools) and Prometheus' own {@code up}. */
    private static final List<String> FRAMEWORK = List.of(
            "up",
            "jvm_",
            "process_",
            "system_",
            "http_server_requests_seconds",
            "http_client_requests_seconds",
            "hikaricp_",
            "spring_cloud_gateway_requests_seconds");

    private static final Pattern METER = Pattern.compile(
            "(?:(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|TimeGauge)\\.builder"
                    + "|\\.(?:counter|timer|gauge|summary))\\(\\s*\"([a-z][a-z0-9._]*)\"");
    private static final Pattern METRIC_CONSTANT =
            Pattern.compile("static final String [A-Z_]*(?:METRIC|METER)[A-Z_]* = \"([a-z][a-z0-9._]*)\"");
    private static final Pattern RENAMED = Pattern.compile("withName\\(\\s*\"([a-z][a-z0-9._]*)\"");

    @Test
    void findsTheMetricNamesOfAQuery() {
        assertThat(
                        MetricQueries.metricNames(
                                "histogram_quantile(0.95, sum by (le, agent) (rate(agent_latency_seconds_bucket{application=\"x\"}[$__rate_interval])))"))
                .containsExactly("agent_latency_seconds_bucket");
        assertThat(MetricQueries.metricNames(
                        "sum(rate(cost_per_request_dollars_sum[1h])) * 86400 > 500 and up{job=\"a_b\"} offset 1d"))
                .containsExactly("cost_per_request_dollars_sum", "up");
    }

    @Test
    void aScrapeExportsACounterOrHistogramByItsParts() {
        Set<String> exposed = MetricQueries.exposedNames("# HELP agent_requests_total attempts\n"
                + "agent_requests_total{agent=\"python\",status=\"success\"} 1.0\n"
                + "agent_latency_seconds_bucket{agent=\"python\",le=\"0.5\"} 2\n");

        assertThat(exposed).containsExactly("agent_latency_seconds_bucket", "agent_requests_total");
        assertThat(MetricQueries.exported("agent_requests", exposed)).isTrue();
        assertThat(MetricQueries.exported("agent_requests_total", exposed)).isTrue();
        assertThat(MetricQueries.exported("agent_latency_seconds", exposed)).isTrue();
        assertThat(MetricQueries.exported("agent_failures_total", exposed)).isFalse();
    }

    @Test
    void everyDashboardAndRuleFileQueriesSomething() {
        List<MetricQueries.Query> queries = MetricQueries.all(ROOT);
        Set<String> sources =
                queries.stream().map(MetricQueries.Query::source).collect(Collectors.toCollection(TreeSet::new));

        assertThat(sources)
                .contains(
                        "deploy/grafana/dashboards/overview.json",
                        "deploy/grafana/dashboards/cost.json",
                        "deploy/prometheus/rules/agent-platform.yml");
        assertThat(queries)
                .allSatisfy(q -> assertThat(MetricQueries.metricNames(q.expr()))
                        .as(q.source() + ": " + q.expr())
                        .isNotEmpty());
    }

    @Test
    void everyQueriedMetricIsOneAServiceRegistersOrTheFrameworkProvides() throws IOException {
        Set<String> registered = registeredMeterNames();
        assertThat(registered).contains("agent_requests", "cost_per_request", "platform_stream_lag");

        Set<String> unknown = new TreeSet<>();
        for (MetricQueries.Query q : MetricQueries.all(ROOT)) {
            for (String name : MetricQueries.metricNames(q.expr())) {
                boolean known =
                        FRAMEWORK.stream().anyMatch(f -> f.endsWith("_") ? name.startsWith(f) : prefixOf(f, name))
                                || registered.stream().anyMatch(r -> prefixOf(r, name));
                if (!known) {
                    unknown.add(name + " (" + q.source() + ")");
                }
            }
        }

        assertThat(unknown).isEmpty();
    }

    /** Whether {@code meter} is the Prometheus name {@code name} before its unit and type suffixes. */
    private static boolean prefixOf(String meter, String name) {
        return name.equals(meter) || name.startsWith(meter + "_");
    }

    /** The services' meter names as Prometheus writes them (dots to underscores, before suffixes). */
    private static Set<String> registeredMeterNames() throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> sources = Repository.files(ROOT, ".java").stream()
                .filter(p -> p.toString().contains("/src/main/java/"))
                .toList();
        for (Path file : sources) {
            String code = Files.readString(file);
            for (Pattern pattern : List.of(METER, METRIC_CONSTANT, RENAMED)) {
                Matcher m = pattern.matcher(code);
                while (m.find()) {
                    names.add(m.group(1).replace('.', '_'));
                }
            }
        }
        return names;
    }
}
