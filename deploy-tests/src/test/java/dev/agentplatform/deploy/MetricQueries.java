package dev.agentplatform.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL queries of the Grafana dashboards ({@code expr} of each target) and the alert rules
 * ({@code expr} of each rule) under {@code deploy/}, and the metric names they select. Shared with the
 * end-to-end test that compares the names against a live scrape of the six services.
 */
public final class MetricQueries {

    /** PromQL words that are not metric names: functions, aggregations, keywords. */
    private static final Set<String> PROMQL = Set.of(
            "sum",
            "avg",
            "min",
            "max",
            "count",
            "stddev",
            "stdvar",
            "topk",
            "bottomk",
            "quantile",
            "group",
            "count_values",
            "rate",
            "irate",
            "increase",
            "delta",
            "idelta",
            "deriv",
            "predict_linear",
            "histogram_quantile",
            "abs",
            "ceil",
            "floor",
            "round",
            "clamp",
            "clamp_min",
            "clamp_max",
            "exp",
            "ln",
            "sqrt",
            "absent",
            "absent_over_time",
            "changes",
            "resets",
            "scalar",
            "vector",
            "time",
            "timestamp",
            "sort",
            "sort_desc",
            "label_replace",
            "label_join",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "sum_over_time",
            "count_over_time",
            "last_over_time",
            "quantile_over_time",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "and",
            "or",
            "unless",
            "offset",
            "bool",
            "inf",
            "nan");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    /** A grouping clause's label list: {@code by (le, agent)}. */
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** One query and where it stands. */
    public record Query(String source, String expr) {}

    private MetricQueries() {}

    /** Every query of every dashboard and rule file below {@code deploy/} of the checkout. */
    public static List<Query> all(Path root) {
        List<Query> queries = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        for (Path file : Repository.files(root.resolve("deploy/grafana/dashboards"), ".json")) {
            collectJson(json.readTree(file.toFile()), root.relativize(file).toString(), queries);
        }
        for (Path file : Repository.files(root.resolve("deploy/prometheus/rules"), ".yml", ".yaml")) {
            try {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    collectYaml(doc, root.relativize(file).toString(), queries);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return queries;
    }

    /** The metric names one query selects (recording-rule names with a colon included). */
    public static Set<String> metricNames(String expr) {
        String bare = STRINGS.matcher(expr).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGES.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String token = m.group();
            boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!partOfNumber && !token.startsWith("$") && !PROMQL.contains(token.toLowerCase())) {
                names.add(token);
            }
        }
        return names;
    }

    /** Whether a scrape that exposes {@code exposed} serves {@code name} (a histogram or summary counts by its parts). */
    public static boolean exported(String name, Set<String> exposed) {
        return exposed.contains(name)
                || List.of("_bucket", "_count", "_sum", "_total").stream().anyMatch(s -> exposed.contains(name + s));
    }

    /** The metric names of a Prometheus text scrape. */
    public static Set<String> exposedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static void collectJson(JsonNode node, String source, List<Query> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("expr") && field.getValue().isString()) {
                    out.add(new Query(source, field.getValue().asString()));
                } else {
                    collectJson(field.getValue(), source, out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectJson(child, source, out));
        }
    }

    private static void collectYaml(Object node, String source, List<Query> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("expr".equals(key) && value instanceof String expr) {
                    out.add(new Query(source, expr));
                } else {
                    collectYaml(value, source, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(child -> collectYaml(child, source, out));
        }
    }
}
