package dev.agentplatform.common;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * One message of a conversation, in the OpenAI role vocabulary.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the message text
 */
public record ChatMessage(@NotBlank String role, @NotNull String content) {}
