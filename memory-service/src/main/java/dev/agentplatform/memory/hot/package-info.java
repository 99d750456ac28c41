/**
 * The HOT memory tier: the last messages of each conversation in a Redis list with a sliding time
 * to live, so an active conversation's context is one round trip away and an idle one fades on its
 * own. Serves {@code /v1/memory/{userId}/{conversationId}}; its {@code /quarantine} keeps what was
 * written from an exchange the injection guard flagged, for audit only, never as context.
 */
package dev.agentplatform.memory.hot;
