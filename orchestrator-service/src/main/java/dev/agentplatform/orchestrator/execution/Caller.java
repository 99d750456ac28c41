package dev.agentplatform.orchestrator.execution;

/**
 * Who a task runs for.
 *
 * @param userId the paying user
 * @param tier the user's tier
 * @param requestId the client request being served, or {@code null}
 */
record Caller(String userId, String tier, String requestId) {}
