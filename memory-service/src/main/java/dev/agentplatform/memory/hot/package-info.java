/**
 * The HOT memory tier: the last messages of each conversation in a Redis list with a sliding time
 * to live, so an active conversation's context is one round trip away and an idle one fades on its
 * own. Serves {@code /v1/memory/{userId}/{conversationId}}.
 */
package dev.agentplatform.memory.hot;
