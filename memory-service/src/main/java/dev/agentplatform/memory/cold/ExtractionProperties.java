package dev.agentplatform.memory.cold;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the COLD tier reads entities and facts out of messages.
 *
 * @param extractor {@code auto} (default): by a model when the orchestrator has a provider with an
 *     API key, by rules otherwise; {@code rules}: always by rules; {@code llm}: by the model, rules
 *     only when a call fails
 * @param orchestratorUrl the orchestrator, whose providers run the model (and book its cost to the
 *     user whose messages are read)
 * @param model the catalog model to ask ({@code gpt-4o-mini}, ...); blank: the first entry with a key
 *     of the orchestrator's {@code cheap} chain, else its cheapest entry with a key
 * @param timeout the longest one extraction call may take; a write whose call fails or times out is
 *     read by the rules instead (default 20 s)
 * @param batchDeadline the longest the extraction of one batch of writes may take: writes whose call
 *     has not answered by then are read by the rules (default 20 s, below the ingest stream's claim
 *     idle time, so that a slow model never makes another member take the batch over; under more
 *     writes than the model keeps up with, the rest are read by the rules)
 * @param concurrency extraction calls in flight at once
 * @param maxChars the most characters of one write sent to the model (longer text is cut)
 * @param catalogRefresh how often the orchestrator's catalog is read again (keys set or removed)
 */
@ConfigurationProperties("platform.memory.cold.extraction")
@Validated
public record ExtractionProperties(
        @DefaultValue("auto") @NotNull Mode extractor,
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI orchestratorUrl,
        String model,
        @DefaultValue("20s") @NotNull Duration timeout,
        @DefaultValue("20s") @NotNull Duration batchDeadline,
        @DefaultValue("4") @Min(1) @Max(64) int concurrency,
        @DefaultValue("12000") @Min(200) int maxChars,
        @DefaultValue("60s") @NotNull Duration catalogRefresh) {

    /** Which extractor reads messages. */
    public enum Mode {
        AUTO,
        RULES,
        LLM
    }
}
