package dev.agentplatform.gateway.guard;

import dev.agentplatform.common.MessageVerdict;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The verdict on each message a model will read, whatever its role: the {@link InjectionDetector}
 * (platform-guard) reads every text of the message (its content, its name), and the caller's tier
 * decides what a finding leads to: {@code BLOCK} by default, {@code FLAG} where the tier is
 * configured to flag only. Verdicts are counted by role and action
 * ({@code gateway_guard_verdicts_total{role,action}}). Pure CPU: safe to call on the event loop.
 */
@Component
public class InputGuard {

    /** Response header of an answer to a request the guard flagged (a flag-only tier): {@code X-Guard: flagged}. */
    public static final String FLAGGED_HEADER = "X-Guard";

    /** The roles a verdict is counted under; any other role counts as {@code other}, so the tag stays bounded. */
    static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "other");

    private final GuardProperties properties;
    private final InjectionDetector detector;
    private final Map<String, Map<MessageVerdict.Action, Counter>> counters = new HashMap<>();

    @Autowired
    public InputGuard(GuardProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        this(
                properties,
                InjectionDetector.train(properties.datasets(), properties.threshold()),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    public InputGuard(GuardProperties properties, InjectionDetector detector, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.detector = detector;
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

    /** The verdicts on every message of a request from a caller of {@code tier}; none when the guard is off. */
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
        Detection worst = Detection.NOTHING;
        String worstField = null;
        if (properties.enabled()) {
            for (Map.Entry<String, String> text : texts.entrySet()) {
                Detection detection = detector.inspect(text.getValue());
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
        String reason = worstField == null || "content".equals(worstField)
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
