/**
 * Resilience4j around agents and providers: a circuit breaker per agent and per real provider
 * (CLOSED, then OPEN after {@code failure-threshold} consecutive failures, HALF_OPEN after
 * {@code open-duration}), a time limit per LLM call, retries with exponential backoff for retriable
 * provider errors only, and a rate limiter per provider from its catalog QPS. Breaker states are
 * exported as {@code circuit_breaker_state{agent,state}}.
 */
package dev.agentplatform.orchestrator.resilience;
