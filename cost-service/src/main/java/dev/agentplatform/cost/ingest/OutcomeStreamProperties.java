package dev.agentplatform.cost.ingest;

import dev.agentplatform.common.Streams;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the cost service reads agent outcomes (for the success rates behind its advice). Batch size,
 * blocking, claiming and retries are the usage stream's ({@code platform.cost.usage-stream.*}).
 *
 * @param enabled whether to consume at all (default {@code true})
 * @param stream the stream (default {@code platform.outcomes})
 * @param group this service's consumer group on it, beside the router's (default {@code cost-service})
 * @param deadLetterStream where entries that are not outcomes go (default {@code platform.outcomes.cost-dead})
 */
@ConfigurationProperties("platform.cost.outcome-stream")
@Validated
public record OutcomeStreamProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue(Streams.OUTCOMES) @NotBlank String stream,
        @DefaultValue("cost-service") @NotBlank String group,

        @DefaultValue(Streams.OUTCOMES + ".cost-dead") @NotBlank
        String deadLetterStream) {}
