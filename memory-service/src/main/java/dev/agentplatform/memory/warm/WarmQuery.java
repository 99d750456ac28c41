package dev.agentplatform.memory.warm;

import java.time.Instant;
import java.util.Objects;

/**
 * Which of a user's memories a search may see. The user is not optional: every adapter applies it
 * inside the store, as a filter of the query, never to results afterwards.
 *
 * @param userId whose memories
 * @param conversationId only this conversation's, or {@code null} for all
 * @param since only memories said at or after this instant, or {@code null}
 * @param until only memories said before this instant, or {@code null}
 */
public record WarmQuery(String userId, String conversationId, Instant since, Instant until) {

    public WarmQuery {
        Objects.requireNonNull(userId, "userId");
    }

    public static WarmQuery of(String userId) {
        return new WarmQuery(userId, null, null, null);
    }
}
