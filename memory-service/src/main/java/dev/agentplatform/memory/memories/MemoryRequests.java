package dev.agentplatform.memory.memories;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies of {@code /v1/memories}. Validated by {@link MemoryService}, which names the failing field. */
final class MemoryRequests {

    private MemoryRequests() {}

    /** {@code POST /v1/memories}. */
    record Write(List<Message> messages, String conversationId, Map<String, Object> metadata) {}

    /** One message of a write; {@code timestamp} stays text so a bad one is a 400 naming its index. */
    record Message(String id, String role, String content, String name, String timestamp) {}

    /** 202 to a write. */
    record Accepted(int accepted, List<String> ids) {}

    /** {@code POST /v1/memories/search}. */
    record Search(String query, Integer limit, List<String> tiers, String conversationId, String since, String until) {}

    /** One search result. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(
            String id,
            String text,
            double score,
            String tier,
            List<String> sources,
            Instant validFrom,
            Instant validTo,
            Instant timestamp,
            String conversationId) {}

    /** The answer to a search. */
    record Results(List<Result> results, long tookMs) {}

    /** {@code GET /v1/memories/{id}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(
            String id,
            String kind,
            String tier,
            String text,
            String role,
            String name,
            String conversationId,
            Instant timestamp,
            List<String> sources) {}

    /** What {@code DELETE /v1/memories} removed, per tier. */
    record Forgotten(Map<String, Long> removed) {}

    /** {@code GET /v1/memories/stats}. */
    record Stats(Map<String, Map<String, Long>> tiers, long pending, long lagMs, long deadLettered) {}
}
