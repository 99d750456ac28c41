package dev.agentplatform.orchestrator.execution;

/**
 * Who a task runs for.
 *
 * @param userId the paying user
 * @param tier the user's tier
 * @param requestId the client request being served, or {@code null}
 * @param keyId the API key the request came with, whose budget applies, or {@code null}
 * @param team that key's team, whose budget applies, or {@code null}
 * @param strictBudget {@code true} when a budget too small for an agent's model refuses the request
 *     ({@code X-Cost-Policy: strict}) instead of moving it to a cheaper model the budget can hold
 */
record Caller(String userId, String tier, String requestId, String keyId, String team, boolean strictBudget) {

    /** A caller with no key or team budget, whose request may move to a cheaper model. */
    Caller(String userId, String tier, String requestId) {
        this(userId, tier, requestId, null, null, false);
    }
}
