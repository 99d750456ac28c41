/**
 * One Redis Streams consumer loop for every service: {@link dev.agentplatform.support.stream.StreamConsumerRunner}
 * creates the consumer group, reads batches with XREADGROUP, hands each batch to a
 * {@link dev.agentplatform.support.stream.StreamHandler}, acks after success, takes over entries
 * other members left pending (XAUTOCLAIM), dead-letters entries that keep failing to
 * {@code <stream>.dead}, continues the producer's trace and reports lag, pending, processed and
 * dead-lettered entries as metrics.
 */
package dev.agentplatform.support.stream;
