package dev.agentplatform.gateway.guard;

import dev.agentplatform.common.MessageVerdict;
import dev.agentplatform.gateway.semantic.PromptEmbedder;
import dev.agentplatform.guard.Detection;
import dev.agentplatform.guard.InjectionDetector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The verdict on each message a model will read, whatever its role: the {@link InjectionDetector}
 * (platform-guard) reads every text of the message (its content, each of several text parts by
 * itself, its name) and the most suspicious one decides; the content and its parts are read with
 * their MiniLM embeddings from the {@link PromptEmbedder} (the one embedding per text the gateway keeps:
 * the last user message's is the one the semantic cache and the router reuse, a repeated system
 * prompt's is a cache hit), and the caller's tier
 * decides what a finding leads to: {@code BLOCK} by default, {@code FLAG} where the tier is
 * configured to flag only. Verdicts are counted by role and action
 * ({@code gateway_guard_verdicts_total{role,action}}). Without an embedding (the embedder failed or
 * is absent) a text is judged by its words alone.
 */
@Component
public class InputGuard {

    /** Response header of an answer to a request the guard flagged (a flag-only tier): {@code X-Guard: flagged}. */
    public static final String FLAGGED_HEADER = "X-Guard";

    /** The roles a verdict is counted under; any other role counts as {@code other}, so the tag stays bounded. */
    static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "other");

    private static final Logger log = LoggerFactory.getLogger(InputGuard.class);

    private final GuardProperties properties;
    private final InjectionDetector detector;
    private final PromptEmbedder embedder;
    private final Map<String, Map<MessageVerdict.Action, Counter>> counters = new HashMap<>();

    @Autowired
    public InputGuard(
            GuardProperties properties, ObjectProvider<MeterRegistry> meterRegistry, PromptEmbedder embedder) {
        this(
                properties,
                properties.datasets().isEmpty()
                        ? InjectionDetector.shipped(properties.threshold())
                        : InjectionDetector.train(properties.datasets(), properties.threshold()),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new),
                embedder);
    }

    /** A guard that judges texts by their words alone (no embedder). */
    public InputGuard(GuardProperties properties, InjectionDetector detector, MeterRegistry meterRegistry) {
        this(properties, detector, meterRegistry, null);
    }

    public InputGuard(
            GuardProperties properties,
            InjectionDetector detector,
            MeterRegistry meterRegistry,
            PromptEmbedder embedder) {
        this.properties = properties;
        this.detector = detector;
        this.embedder = embedder;
        for (String role : ROLES) {
            Map<MessageVerdict.Action, Counter> byAction = new EnumMap<>(MessageVerdict.Action.class);
            for (MessageVerdict.Action action :
                    List.of(MessageVerdict.Action.ALLOW, MessageVerdict.Action.FLAG, MessageVerdict.Action.BLOCK)) {
                byAction.put(
                        action,
                        Counter.builder("gateway.guard.verdicts")
                                .description("Input guard verdicts per message, by the message's role and the action")
                                .tag("role", role)
                                .tag("action", action.name().toLowerCase(Locale.ROOT))
                                .register(meterRegistry));
            }
            counters.put(role, byAction);
        }
    }

    /** Whether messages are checked at all ({@code platform.gateway.guard.enabled}). */
    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * The verdicts on every message of a request from a caller of {@code tier}, each message's
     * content read with its embedding (computed off the event loop, or a recent one at once); none
     * when the guard is off.
     */
    public Mono<Verdicts> inspect(List<GuardedMessage> messages, String tier) {
        if (!properties.enabled()) {
            return Mono.just(Verdicts.NONE);
        }
        if (embedder == null || detector.embeddingDimensions() != PromptEmbedder.DIMENSIONS) {
            return Mono.just(check(messages, tier));
        }
        return Flux.fromIterable(messages)
                .concatMap(message -> embeddings(message.texts())
                        .map(embeddings -> check(message.index(), message.role(), tier, message.texts(), embeddings)))
                .collectList()
                .map(Verdicts::new);
    }

    /** The embeddings of a message's texts that are read for their meaning, by field; a failed one is left out. */
    private Mono<Map<String, float[]>> embeddings(Map<String, String> texts) {
        return Flux.fromIterable(texts.entrySet())
                .filter(text -> GuardedMessage.readsMeaning(text.getKey()))
                .concatMap(text -> embedding(text.getValue())
                        .flatMap(embedding -> Mono.justOrEmpty(embedding.map(v -> Map.entry(text.getKey(), v)))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Optional<float[]>> embedding(String text) {
        if (text == null || text.isBlank()) {
            return Mono.just(Optional.empty());
        }
        return embedder.embed(text).map(Optional::of).onErrorResume(e -> {
            log.warn("embedding for the guard failed, judging the text by its words: {}", e.toString());
            return Mono.just(Optional.empty());
        });
    }

    /** The verdicts on every message by their words alone (no embedding); none when the guard is off. */
    public Verdicts check(List<GuardedMessage> messages, String tier) {
        if (!properties.enabled()) {
            return Verdicts.NONE;
        }
        List<MessageVerdict> verdicts = new ArrayList<>(messages.size());
        for (GuardedMessage message : messages) {
            verdicts.add(check(message.index(), message.role(), tier, message.texts()));
        }
        return new Verdicts(verdicts);
    }

    /**
     * The verdict on one message from a caller of {@code tier}: the most suspicious of its texts.
     *
     * @param index the message's position in the request, or {@code null} for the native prompt
     * @param role the message's role
     * @param texts the message's texts a model will read, by field ({@code content}, {@code name});
     *     a {@code null} text is skipped
     */
    public MessageVerdict check(Integer index, String role, String tier, Map<String, String> texts) {
        return check(index, role, tier, texts, Map.of());
    }

    /** The same with the embeddings of some of the texts, by field; a text without one is judged by its words. */
    public MessageVerdict check(
            Integer index, String role, String tier, Map<String, String> texts, Map<String, float[]> embeddings) {
        Detection worst = Detection.NOTHING;
        String worstField = null;
        if (properties.enabled()) {
            for (Map.Entry<String, String> text : texts.entrySet()) {
                Detection detection = detector.inspect(text.getValue(), embeddings.get(text.getKey()));
                if (worse(detection, worst)) {
                    worst = detection;
                    worstField = text.getKey();
                }
            }
        }
        MessageVerdict.Action action = MessageVerdict.Action.ALLOW;
        if (worst.injection()) {
            action = properties.modeFor(tier) == GuardProperties.Mode.FLAG
                    ? MessageVerdict.Action.FLAG
                    : MessageVerdict.Action.BLOCK;
        }
        counters.getOrDefault(role, counters.get("other")).get(action).increment();
        String reason = worstField == null || GuardedMessage.CONTENT.equals(worstField)
                ? worst.reason()
                : worstField + ": " + worst.reason();
        return new MessageVerdict(index, role, action, worst.score(), reason);
    }

    private static boolean worse(Detection candidate, Detection current) {
        if (candidate.injection() != current.injection()) {
            return candidate.injection();
        }
        return candidate.score() > current.score();
    }
}
