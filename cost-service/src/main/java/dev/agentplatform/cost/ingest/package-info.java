/**
 * Books the {@code platform.usage} Redis Stream into the ledger: a consumer group member that
 * acks an entry only once it is booked, reclaims entries a dead member left pending, and moves
 * entries it can never book to a dead-letter stream so they cannot block the rest.
 */
package dev.agentplatform.cost.ingest;
