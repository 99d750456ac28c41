package dev.agentplatform.router.history;

import dev.agentplatform.router.classify.ClassifierProperties;
import dev.agentplatform.router.classify.EmbeddingIntentClassifier;
import dev.agentplatform.router.registry.AgentRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/v1/router/refit}: rebuilds the agents' prototypes from what they declare plus
 * the prompts they answered successfully (the seed's "train the router on real data"). The gateway
 * guards {@code /admin/**} with the admin key.
 */
@RestController
class RefitController {

    private final RoutingHistory history;
    private final EmbeddingIntentClassifier classifier;
    private final AgentRegistry registry;
    private final ClassifierProperties properties;

    RefitController(
            RoutingHistory history,
            EmbeddingIntentClassifier classifier,
            AgentRegistry registry,
            ClassifierProperties properties) {
        this.history = history;
        this.classifier = classifier;
        this.registry = registry;
        this.properties = properties;
    }

    @PostMapping("/admin/v1/router/refit")
    Refitted refit() {
        Map<String, List<float[]>> successes = history.successfulPrompts(properties.historyLimit());
        classifier.refit(successes, registry.all());
        return new Refitted(new TreeMap<>(classifier.historySizes()));
    }

    /**
     * What a refit used.
     *
     * @param promptsPerAgent successfully answered prompts now part of each agent's prototype
     */
    record Refitted(Map<String, Integer> promptsPerAgent) {}
}
