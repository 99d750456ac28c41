package dev.agentplatform.gateway.guard;

import dev.agentplatform.gateway.guard.internal.GuardDataset;
import dev.agentplatform.gateway.guard.internal.InjectionClassifier;
import dev.agentplatform.gateway.guard.internal.InjectionPatterns;
import dev.agentplatform.gateway.guard.internal.TextNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether a prompt is a prompt injection: a pattern match or a classifier score at or above
 * the threshold is one. What follows from it depends on the caller's tier: {@code BLOCK} by default,
 * {@code FLAG} where the tier is configured to flag only. Pure CPU: safe to call on the event loop.
 */
@Component
public class InputGuard {

    /** Longer prompts are checked at their start and end, where injections sit; the middle adds cost. */
    static final int PATTERN_WINDOW = 16_000;

    static final int CLASSIFIER_WINDOW = 600;

    private final GuardProperties properties;
    private final InjectionClassifier classifier;
    private final Map<GuardVerdict.Action, Counter> verdicts = new EnumMap<>(GuardVerdict.Action.class);

    @Autowired
    public InputGuard(GuardProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        this(
                properties,
                InjectionClassifier.train(
                        GuardDataset.loadAll(properties.datasets()), InjectionClassifier.Settings.DEFAULT),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    public InputGuard(GuardProperties properties, InjectionClassifier classifier, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.classifier = classifier;
        for (GuardVerdict.Action action : GuardVerdict.Action.values()) {
            verdicts.put(
                    action,
                    Counter.builder("gateway.guard.verdicts")
                            .description("Input guard verdicts by action")
                            .tag("action", action.name().toLowerCase(Locale.ROOT))
                            .register(meterRegistry));
        }
    }

    /** The verdict for a prompt from a caller of the given tier. */
    public GuardVerdict check(String text, String tier) {
        GuardVerdict verdict = evaluate(text, tier);
        verdicts.get(verdict.action()).increment();
        return verdict;
    }

    private GuardVerdict evaluate(String text, String tier) {
        if (!properties.enabled() || text == null || text.isBlank()) {
            return new GuardVerdict(GuardVerdict.Action.ALLOW, 0.0, "not checked");
        }
        String normalised = TextNormalizer.normalise(window(text, PATTERN_WINDOW));
        Optional<String> pattern = InjectionPatterns.firstMatch(normalised);
        if (pattern.isPresent()) {
            return detected(tier, 1.0, "pattern " + pattern.get());
        }
        double score = score(normalised);
        if (score >= properties.threshold()) {
            return detected(tier, score, String.format(Locale.ROOT, "classifier %.3f", score));
        }
        return new GuardVerdict(GuardVerdict.Action.ALLOW, score, "below threshold");
    }

    /** The classifier's injection probability for an already normalised text. */
    double score(String normalised) {
        if (normalised.length() <= 2 * CLASSIFIER_WINDOW) {
            return classifier.score(normalised);
        }
        return Math.max(
                classifier.score(normalised.substring(0, CLASSIFIER_WINDOW)),
                classifier.score(normalised.substring(normalised.length() - CLASSIFIER_WINDOW)));
    }

    private GuardVerdict detected(String tier, double score, String reason) {
        GuardVerdict.Action action = properties.modeFor(tier) == GuardProperties.Mode.FLAG
                ? GuardVerdict.Action.FLAG
                : GuardVerdict.Action.BLOCK;
        return new GuardVerdict(action, score, reason);
    }

    private static String window(String text, int half) {
        if (text.length() <= 2 * half) {
            return text;
        }
        return text.substring(0, half) + "\n" + text.substring(text.length() - half);
    }
}
