package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.ConversationContext;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.MemoryMessage;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Reads and appends a conversation's messages in memory-service. */
@Component
public class MemoryClient {

    private static final String CONVERSATION = "/v1/memory/{userId}/{conversationId}";

    private final RestClient rest;

    MemoryClient(RestClient.Builder builder, ClientsProperties properties) {
        this.rest = RestClients.build(
                builder, properties.memoryUrl(), properties.connectTimeout(), properties.readTimeout());
    }

    /**
     * The remembered messages of a conversation, oldest first; none when memory-service knows none.
     *
     * @throws RestClientException when memory-service is unreachable, slow or answers with an error
     */
    public List<MemoryMessage> context(String userId, String conversationId) {
        ConversationContext context;
        try {
            context = rest.get()
                    .uri(CONVERSATION, userId, conversationId)
                    .header(Headers.USER_ID, userId)
                    .retrieve()
                    .body(ConversationContext.class);
        } catch (HttpClientErrorException.NotFound e) {
            // A conversation nobody wrote to yet is no error for the caller.
            return List.of();
        }
        return context == null || context.messages() == null ? List.of() : context.messages();
    }

    /**
     * Appends one message to a conversation.
     *
     * @throws RestClientException when memory-service is unreachable, slow or refuses the message
     */
    public void append(String userId, String conversationId, MemoryMessage message) {
        post(CONVERSATION + "/messages", userId, conversationId, message);
    }

    /**
     * Keeps one message in the conversation's quarantine: stored for audit, never read back as context.
     *
     * @throws RestClientException when memory-service is unreachable, slow or refuses the message
     */
    public void quarantine(String userId, String conversationId, MemoryMessage message) {
        post(CONVERSATION + "/quarantine", userId, conversationId, message);
    }

    private void post(String uri, String userId, String conversationId, MemoryMessage message) {
        rest.post()
                .uri(uri, userId, conversationId)
                .header(Headers.USER_ID, userId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(message)
                .retrieve()
                .toBodilessEntity();
    }
}
