package dev.agentplatform.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects {@code helm template} rendered, with the few look-ups the assertions need. */
record RenderedChart(List<Map<String, Object>> objects) {

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String manifests) {
        List<Map<String, Object>> objects = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        // a label written twice is a template bug, not something to let the last one win
        options.setAllowDuplicateKeys(false);
        for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(manifests)) {
            if (doc instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return new RenderedChart(objects);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(at(o, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names(kind)));
    }

    List<String> names(String kind) {
        return ofKind(kind).stream()
                .map(o -> (String) at(o, "metadata", "name"))
                .sorted()
                .toList();
    }

    /** The value at a path of map keys and list indexes, or null where the path ends early. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i && i < list.size()) {
                current = list.get(i);
            } else {
                return null;
            }
            if (Objects.isNull(current)) {
                return null;
            }
        }
        return (T) current;
    }
}
