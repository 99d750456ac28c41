package dev.agentplatform.support.stream;

/**
 * What a service does with a batch of stream entries. Returning acks every entry not rejected;
 * throwing acks nothing: a failure the runner deems transient (the database or Redis unreachable)
 * retries the batch after a pause, any other is retried entry by entry and an entry that keeps
 * failing is dead-lettered after {@code maxDeliveries}. Handlers must be idempotent by event id:
 * delivery is at least once.
 */
@FunctionalInterface
public interface StreamHandler {

    void handle(StreamBatch batch) throws Exception;
}
