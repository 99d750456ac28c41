package dev.agentplatform.common;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One remembered message of a conversation.
 *
 * @param role {@code user} or {@code assistant} (or {@code system}, {@code tool})
 * @param content the text
 * @param agent the agent that wrote it, for assistant messages
 * @param at when it was written; the memory service sets it when absent
 */
public record MemoryMessage(
        @NotBlank @Size(max = 32) String role,
        @NotNull @Size(max = 200_000) String content,
        @Size(max = 200) String agent,
        Instant at) {}
