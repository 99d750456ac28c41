/**
 * What the orchestrator tells the rest of the platform after running agents: one
 * {@code UsageRecorded} per LLM call on {@code platform.usage} (cost-service books it) and one
 * {@code OutcomeRecorded} per agent attempt on {@code platform.outcomes} (the router learns from
 * it). Each stream entry carries {@code eventId}, the event as JSON in {@code payload}, and the
 * producer's W3C {@code traceparent}. Events Redis cannot take wait in a local outbox on disk
 * ({@link dev.agentplatform.orchestrator.event.EventsProperties#outboxDir()}) until it is back.
 */
package dev.agentplatform.orchestrator.event;
