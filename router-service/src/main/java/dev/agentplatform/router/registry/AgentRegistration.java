package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * The body of {@code POST /v1/agents} and {@code PUT /v1/agents/{name}}: a whole {@link
 * AgentDefinition}. {@code costTier} (1 to 4) and {@code avgLatencyMs} are the older names of
 * {@code tier} and {@code expectedLatencyMs}, still accepted for scripts written against them; given
 * together with the new name they must agree.
 *
 * @param name unique name: letters, digits, {@code _ . -}, at most 64; for a PUT the path's name wins
 * @param team its team, same alphabet
 * @param description what it is good at
 * @param keywords words or short phrases that signal a prompt for it, at most 50; optional
 * @param examples prompts it should answer, at most 20; optional
 * @param systemPrompt the system message of its model calls, at most 8000 characters; optional
 * @param provider the provider catalog entry it calls first; optional (its tier's chain)
 * @param fallbackProviders entries tried after {@code provider}, at most 5; needs {@code provider}
 * @param capabilities mcp-service capabilities it uses, at most 10; optional
 * @param tier free, cheap, quality or premium; default cheap
 * @param expectedLatencyMs typical answer time in milliseconds; default 2000
 * @param costTier the tier as its rank, 1 (free) to 4 (premium); legacy
 * @param avgLatencyMs the expected latency; legacy
 */
record AgentRegistration(
        @Pattern(regexp = AgentRegistration.NAME, message = AgentRegistration.NAME_RULE)
        String name,

        @NotBlank @Pattern(regexp = AgentRegistration.NAME, message = AgentRegistration.NAME_RULE)
        String team,

        @NotBlank @Size(max = 2000) String description,
        @Size(max = 50) List<@NotBlank @Size(max = 200) String> keywords,
        @Size(max = 20) List<@NotBlank @Size(max = 2000) String> examples,
        @Size(max = 8000) String systemPrompt,
        @Size(max = 200) String provider,
        @Size(max = 5) List<@NotBlank @Size(max = 200) String> fallbackProviders,
        @Size(max = 10) List<@NotBlank @Size(max = 200) String> capabilities,
        @Size(max = 20) String tier,
        @PositiveOrZero @Max(3_600_000) Long expectedLatencyMs,
        @Min(1) @Max(4) Integer costTier,
        @PositiveOrZero @Max(3_600_000) Long avgLatencyMs) {

    /** Names end up in headers, metric tags and Redis keys downstream. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    static final String NAME_RULE = "must be 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit";

    static final long DEFAULT_LATENCY_MS = 2000;

    /**
     * The definition this registration gives the agent called {@code agentName}; a 400 problem
     * naming the field when the tier is unknown, a legacy alias disagrees with its new name, or
     * fallback providers are given without a provider.
     */
    AgentDefinition toDefinition(String agentName) {
        if (agentName == null || agentName.isBlank()) {
            throw invalid("name: is required");
        }
        if (agentName.equalsIgnoreCase("auto")) {
            throw invalid("name: 'auto' is reserved: it leaves the choice to the router");
        }
        String chosenProvider = blankToNull(provider);
        if (chosenProvider == null && fallbackProviders != null && !fallbackProviders.isEmpty()) {
            throw invalid("fallbackProviders: needs provider, the entry tried first (without one the tier's chain"
                    + " applies)");
        }
        return new AgentDefinition(
                agentName,
                team,
                description.strip(),
                strip(keywords),
                strip(examples),
                blankToNull(systemPrompt),
                chosenProvider == null ? null : chosenProvider.strip(),
                strip(fallbackProviders),
                strip(capabilities),
                resolvedTier(),
                latency());
    }

    private ModelTier resolvedTier() {
        ModelTier named = null;
        if (tier != null) {
            try {
                named = ModelTier.of(tier);
            } catch (IllegalArgumentException e) {
                throw invalid("tier: " + e.getMessage());
            }
        }
        ModelTier ranked = costTier == null ? null : ModelTier.ofRank(costTier);
        if (named != null && ranked != null && named != ranked) {
            throw invalid("tier: '%s' disagrees with costTier %d (%s); give one of them"
                    .formatted(named.id(), costTier, ranked.id()));
        }
        return named != null ? named : ranked != null ? ranked : ModelTier.CHEAP;
    }

    private long latency() {
        if (expectedLatencyMs != null && avgLatencyMs != null && !Objects.equals(expectedLatencyMs, avgLatencyMs)) {
            throw invalid("expectedLatencyMs: %d disagrees with avgLatencyMs %d; give one of them"
                    .formatted(expectedLatencyMs, avgLatencyMs));
        }
        return expectedLatencyMs != null ? expectedLatencyMs : avgLatencyMs != null ? avgLatencyMs : DEFAULT_LATENCY_MS;
    }

    private static List<String> strip(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
