package dev.agentplatform.cost.alert;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Budget alerts.
 *
 * @param thresholds the shares of a limit, in percent, whose crossing raises an alert (default 50, 80, 100)
 * @param forecast whether a forecast that runs out before the reset raises an alert (default true)
 * @param webhookUrl where alerts are POSTed; none: alerts are only counted in the metrics
 * @param webhookSecret the HMAC-SHA256 key of the {@code X-Platform-Signature} header (empty: unsigned)
 * @param attempts deliveries tried per alert before it is given up (and logged), default 4
 * @param retryBackoff the pause before the first retry, doubled for each next one (duration, default 1s)
 * @param timeout how long one delivery may take (duration, default 5s)
 */
@ConfigurationProperties("platform.cost.alerts")
@Validated
public record AlertProperties(
        @DefaultValue({"50", "80", "100"}) List<Integer> thresholds,
        @DefaultValue("true") boolean forecast,
        URI webhookUrl,
        @DefaultValue("") String webhookSecret,
        @DefaultValue("4") @Min(1) @Max(20) int attempts,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("5s") Duration timeout) {}
