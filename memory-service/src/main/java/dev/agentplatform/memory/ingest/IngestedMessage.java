package dev.agentplatform.memory.ingest;

/**
 * One accepted message as it waits in the ingest stream.
 *
 * @param id its id (the client's, or generated)
 * @param role the author's role
 * @param name the author's name, or {@code null}
 * @param content what was said
 * @param timestamp when it was said, ISO-8601
 */
public record IngestedMessage(String id, String role, String name, String content, String timestamp) {}
