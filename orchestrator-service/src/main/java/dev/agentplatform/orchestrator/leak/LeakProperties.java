package dev.agentplatform.orchestrator.leak;

import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The output-side leak check ({@link OutputLeakGuard}).
 *
 * @param enabled whether system prompts carry a canary and answers are checked; default true
 * @param actions what a leaking answer gets, by the caller's tier; a tier not named gets
 *     {@code defaultAction}; default free: block (the whole answer withheld), pro and enterprise:
 *     redact (the leaked text replaced, the rest of the answer kept)
 * @param defaultAction what a tier not in {@code actions} gets; default block
 * @param echoWords the run of consecutive words of a system prompt that, repeated in an answer,
 *     counts as repeating the prompt; default 12
 */
@ConfigurationProperties("platform.orchestrator.leaks")
@Validated
public record LeakProperties(
        @DefaultValue("true") boolean enabled,
        Map<String, LeakAction> actions,
        @DefaultValue("block") LeakAction defaultAction,
        @DefaultValue("12") @Min(4) int echoWords) {

    public LeakProperties {
        actions = actions == null
                ? Map.of("free", LeakAction.BLOCK, "pro", LeakAction.REDACT, "enterprise", LeakAction.REDACT)
                : Map.copyOf(actions);
    }

    /** What an answer of a caller of {@code tier} gets when it leaks. */
    public LeakAction action(String tier) {
        return tier == null ? defaultAction : actions.getOrDefault(tier, defaultAction);
    }
}
