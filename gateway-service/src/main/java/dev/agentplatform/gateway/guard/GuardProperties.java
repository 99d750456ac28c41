package dev.agentplatform.gateway.guard;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Input guard settings.
 *
 * @param enabled whether prompts are checked at all; default true
 * @param threshold classifier probability at or above which a prompt counts as an injection; default
 *     0.5 (chosen by cross-validation on the tune split of deepset's prompts)
 * @param mode per tier ({@code free}, {@code pro}, {@code enterprise}, ...) what a detected injection
 *     leads to: {@code block} (403) or {@code flag} (passed on, marked); a tier not listed blocks
 * @param datasets classpath locations of labelled prompts ({@code {"text", "label"}} per line) to
 *     train the n-gram classifier on at startup in place of the shipped one; default none: the shipped
 *     classifier (platform-guard's {@code guard/ngram-model.bin}, trained on deepset's public prompts
 *     plus its own ordinary task prompts, which deepset lacks: without them every imperative ("Write a
 *     haiku ...") looks like an attack)
 */
@Validated
@ConfigurationProperties("platform.gateway.guard")
public record GuardProperties(
        @DefaultValue("true") boolean enabled,

        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0")
        double threshold,

        @DefaultValue Map<String, Mode> mode,

        List<String> datasets) {

    /** What a detected injection leads to for a tier. */
    public enum Mode {
        BLOCK,
        FLAG
    }

    public GuardProperties {
        mode = mode == null ? Map.of() : Map.copyOf(mode);
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /** The mode for a tier; blocking unless the tier is configured otherwise. */
    public @NotNull Mode modeFor(String tier) {
        if (tier == null) {
            return Mode.BLOCK;
        }
        Mode configured = mode.get(tier);
        if (configured == null) {
            configured = mode.get(tier.toLowerCase(Locale.ROOT));
        }
        return configured == null ? Mode.BLOCK : configured;
    }
}
