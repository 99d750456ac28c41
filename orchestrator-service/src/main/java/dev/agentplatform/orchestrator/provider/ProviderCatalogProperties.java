package dev.agentplatform.orchestrator.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
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
 */
@ConfigurationProperties("platform.orchestrator")
@Validated
record ProviderCatalogProperties(
        @DefaultValue Map<String, @Valid ProviderSettings> providers,
        @DefaultValue @Valid SimulatedProperties simulated) {

    /**
     * One provider entry.
     *
     * @param type which adapter serves it: {@code simulated} (others arrive with real providers); required
     * @param model the model name reported in results and usage events; required
     * @param tier the price tier ({@code free}, {@code cheap}, {@code quality}, {@code premium}); default {@code cheap}
     * @param inputUsdPerMillion price per million prompt tokens in US dollars; default 0
     * @param outputUsdPerMillion price per million completion tokens in US dollars; default 0
     * @param qps the most calls per second the orchestrator sends this provider; 0 (the default) is unlimited
     */
    record ProviderSettings(
            @NotBlank String type,
            @NotBlank String model,
            @DefaultValue("cheap") @NotBlank String tier,
            @DefaultValue("0") @NotNull @PositiveOrZero BigDecimal inputUsdPerMillion,
            @DefaultValue("0") @NotNull @PositiveOrZero BigDecimal outputUsdPerMillion,
            @DefaultValue("0") @PositiveOrZero int qps) {}

    /**
     * Settings of the simulated provider.
     *
     * @param seed when set, simulated failures are drawn from a generator seeded by this value, the
     *     agent and the task id, so a run can be repeated exactly; unset (the default) draws them at random
     */
    record SimulatedProperties(Long seed) {}
}
