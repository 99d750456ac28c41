package dev.agentplatform.memory.warm;

import java.time.Instant;
import java.util.List;

/**
 * One unit of WARM memory as stored: a message as it was said, or a segment of consecutive
 * messages of one conversation (what a question about "what happened" is usually answered by).
 *
 * @param userId the owner; every read is filtered by it in the index itself
 * @param id the memory's id: the message id for a message, {@code seg:<first message id>} for a segment
 * @param kind {@link #MESSAGE} or {@link #SEGMENT}
 * @param conversationId the conversation it was said in; {@code null} when none was given
 * @param role the author's role ({@code user}, {@code assistant}, ...); {@code null} for a segment
 * @param name the author's name, when given
 * @param text what is searched and returned
 * @param timestamp when it was said (for a segment: its last message)
 * @param sources the ids of the messages it came from
 */
public record Memory(
        String userId,
        String id,
        String kind,
        String conversationId,
        String role,
        String name,
        String text,
        Instant timestamp,
        List<String> sources) {

    /** A message as the client sent it. */
    public static final String MESSAGE = "message";

    /** Consecutive messages of one conversation, searched together. */
    public static final String SEGMENT = "segment";

    public Memory {
        sources = List.copyOf(sources);
    }
}
