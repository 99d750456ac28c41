package dev.agentplatform.memory.ingest;

import dev.agentplatform.support.security.ServiceCaller;
import java.util.List;

/**
 * One accepted write, the payload of an ingest stream entry: indexed later, off the request path.
 *
 * @param userId whose memories
 * @param conversationId the conversation they were said in, or {@code null}
 * @param messages the messages, in the order they were said
 * @param tier the writer's tier, as its credential named it, or {@code null} (entries written before
 *     it was recorded); what a model's extraction of the write is run and budgeted as
 * @param keyId the API key the write came with, or {@code null}
 * @param team that key's team, or {@code null}
 */
public record MemoriesAccepted(
        String userId, String conversationId, List<IngestedMessage> messages, String tier, String keyId, String team) {

    /** A write of the user the current request's credential acts for (its tier, key and team with it). */
    public static MemoriesAccepted of(String userId, String conversationId, List<IngestedMessage> messages) {
        ServiceCaller caller =
                ServiceCaller.current().filter(c -> userId.equals(c.userId())).orElse(null);
        return caller == null
                ? new MemoriesAccepted(userId, conversationId, messages, null, null, null)
                : new MemoriesAccepted(userId, conversationId, messages, caller.tier(), caller.keyId(), caller.team());
    }
}
