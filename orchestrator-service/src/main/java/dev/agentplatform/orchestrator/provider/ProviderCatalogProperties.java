package dev.agentplatform.orchestrator.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider catalog, bound from {@code platform.orchestrator.providers.<name>}, and the
 * simulated provider's global settings from {@code platform.orchestrator.simulated}.
 *
 * @param providers the providers by name; empty by default, {@code application.yml} lists the seed's
 *     four tiers and {@code simulated}
 * @param simulated settings of the simulated provider
 * @param chains the default provider chain of each tier ({@code free}, {@code cheap},
 *     {@code quality}, {@code premium}): what an agent that names no provider calls, in order;
 *     entries without a key are skipped
 */
@ConfigurationProperties("platform.orchestrator")
@Validated
record ProviderCatalogProperties(
        @DefaultValue Map<String, @Valid ProviderSettings> providers,
        @DefaultValue @Valid SimulatedProperties simulated,
        @DefaultValue Map<String, List<@NotBlank String>> chains) {

    /**
     * One provider entry.
     *
     * @param type which adapter serves it: {@code simulated}, {@code openai-compatible} or {@code anthropic}; required
     * @param model the model name reported in results and usage events; required
     * @param tier the price tier ({@code free}, {@code cheap}, {@code quality}, {@code premium}); default {@code cheap}
     * @param inputUsdPerMillion price per million prompt tokens in US dollars; default 0
     * @param outputUsdPerMillion price per million completion tokens in US dollars; default 0
     * @param qps the most calls per second the orchestrator sends this provider; 0 (the default) is unlimited
     * @param baseUrl the API's base URL ({@code openai-compatible}: e.g. {@code https://api.groq.com/openai/v1};
     *     {@code anthropic}: default {@code https://api.anthropic.com/v1/}); unset uses the adapter's default
     * @param apiKey the API key; without one the entry is not configured and every chain skips it
     * @param maxTokens the most tokens an answer may have ({@code anthropic} requires a cap); default 1024
     * @param timeout how long one HTTP call may take; default 30 s
     * @param historyTokens the most tokens of remembered conversation sent along with a call to
     *     this model (oldest messages dropped first); default 4000
     */
    record ProviderSettings(
            @NotBlank String type,
            @NotBlank String model,
            @DefaultValue("cheap") @NotBlank String tier,
            @DefaultValue("0") @NotNull @PositiveOrZero BigDecimal inputUsdPerMillion,
            @DefaultValue("0") @NotNull @PositiveOrZero BigDecimal outputUsdPerMillion,
            @DefaultValue("0") @PositiveOrZero int qps,
            String baseUrl,
            String apiKey,
            @DefaultValue("1024") @Positive int maxTokens,
            @DefaultValue("30s") @NotNull Duration timeout,
            @DefaultValue("4000") @PositiveOrZero int historyTokens) {

        /**
         * An entry with default connection settings and no key (not configured). A factory, not a
         * second constructor: configuration binding needs the record's one constructor.
         */
        public static ProviderSettings keyless(
                String type,
                String model,
                String tier,
                BigDecimal inputUsdPerMillion,
                BigDecimal outputUsdPerMillion,
                int qps) {
            return new ProviderSettings(
                    type,
                    model,
                    tier,
                    inputUsdPerMillion,
                    outputUsdPerMillion,
                    qps,
                    null,
                    null,
                    1024,
                    Duration.ofSeconds(30),
                    4000);
        }

        boolean hasKey() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * Settings of the simulated provider.
     *
     * @param seed when set, simulated failures are drawn from a generator seeded by this value, the
     *     agent and the task id, so a run can be repeated exactly; unset (the default) draws them at random
     * @param latencyMs how long a simulated call takes unless set for its agent; default 0
     * @param agents the simulated latency and failure rate of single agents, by agent name (the
     *     chaos API overrides them at run time)
     */
    record SimulatedProperties(
            Long seed,
            @DefaultValue("0") @PositiveOrZero long latencyMs,
            @DefaultValue Map<String, @Valid SimulatedAgent> agents) {}

    /**
     * The simulated provider's behaviour for one agent.
     *
     * @param latencyMs how long a simulated call takes, in milliseconds; default: the global latency
     * @param failureRate the share of calls that fail, 0.0 to 1.0; default 0.0
     */
    record SimulatedAgent(
            @PositiveOrZero Long latencyMs,

            @DefaultValue("0.0") @DecimalMin("0.0") @DecimalMax("1.0")
            double failureRate) {}
}
