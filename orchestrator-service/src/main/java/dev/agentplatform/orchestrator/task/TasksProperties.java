package dev.agentplatform.orchestrator.task;

import dev.agentplatform.common.Streams;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Durable async tasks.
 *
 * @param consumerEnabled whether this instance runs queued tasks; default {@code true}
 * @param stream the task stream; default {@code platform.tasks}
 * @param group the consumer group shared by every orchestrator instance; default {@code orchestrator}
 * @param consumerName this instance's name in the group, unique per process; default {@code <host>-<pid>-<random>}
 * @param keyPrefix prefix of the Redis hash holding each task's state; default {@code task:}
 * @param ttl how long a task's state is kept after its last change; default 24 h
 * @param workers tasks this instance runs at once; default 4
 * @param block how long one read of the stream waits for new entries; default 1 s, kept below the Redis
 *     command timeout (2 s in application.yml) so an idle read returns instead of timing out
 * @param claimMinIdle how long an entry must sit unacknowledged before another instance takes it over; default 30 s
 * @param claimInterval how often abandoned entries are looked for; default 10 s
 * @param lease how long a running task stays reserved for its instance without renewal; renewed
 *     every third of it while the task runs; default 30 s
 * @param retryBackoff pause after a Redis failure before reading again; default 1 s
 * @param maxLength approximate cap on the stream's length; default 100000
 * @param eventsPoll how often an SSE subscription looks at its task; default 250 ms
 * @param eventsTimeout the longest an SSE subscription stays open; default 10 min
 */
@ConfigurationProperties("platform.orchestrator.tasks")
@Validated
public record TasksProperties(
        @DefaultValue("true") boolean consumerEnabled,
        @DefaultValue(Streams.TASKS) @NotBlank String stream,
        @DefaultValue("orchestrator") @NotBlank String group,
        String consumerName,
        @DefaultValue("task:") @NotBlank String keyPrefix,
        @DefaultValue("24h") @NotNull Duration ttl,
        @DefaultValue("4") @Min(1) @Max(256) int workers,
        @DefaultValue("1s") @NotNull Duration block,
        @DefaultValue("30s") @NotNull Duration claimMinIdle,
        @DefaultValue("10s") @NotNull Duration claimInterval,
        @DefaultValue("30s") @NotNull Duration lease,
        @DefaultValue("1s") @NotNull Duration retryBackoff,
        @DefaultValue("100000") @Min(1) long maxLength,
        @DefaultValue("250ms") @NotNull Duration eventsPoll,
        @DefaultValue("10m") @NotNull Duration eventsTimeout) {

    public TasksProperties {
        if (consumerName == null || consumerName.isBlank()) {
            String host = System.getenv("HOSTNAME");
            consumerName = (host == null || host.isBlank() ? "orchestrator" : host) + "-"
                    + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
