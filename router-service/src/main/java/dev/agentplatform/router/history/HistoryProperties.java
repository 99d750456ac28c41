package dev.agentplatform.router.history;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How routing history feeds back into classification.
 *
 * @param refitInterval how often every instance refits the prototypes from successful history on its
 *     own (besides at start and on {@code POST /admin/v1/router/refit}); zero turns it off; default 10 min
 */
@Validated
@ConfigurationProperties("platform.router.history")
public record HistoryProperties(
        @DefaultValue("10m") @NotNull Duration refitInterval) {}
