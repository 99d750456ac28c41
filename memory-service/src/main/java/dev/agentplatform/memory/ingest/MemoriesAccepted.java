package dev.agentplatform.memory.ingest;

import java.util.List;

/**
 * One accepted write, the payload of an ingest stream entry: indexed later, off the request path.
 *
 * @param userId whose memories
 * @param conversationId the conversation they were said in, or {@code null}
 * @param messages the messages, in the order they were said
 */
public record MemoriesAccepted(String userId, String conversationId, List<IngestedMessage> messages) {}
