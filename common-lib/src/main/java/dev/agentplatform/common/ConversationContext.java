package dev.agentplatform.common;

import java.util.List;

/**
 * What the memory service recalls of a conversation, oldest first.
 *
 * @param userId the conversation's owner
 * @param conversationId the conversation
 * @param messages the remembered messages, oldest first
 */
public record ConversationContext(String userId, String conversationId, List<MemoryMessage> messages) {}
