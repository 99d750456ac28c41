package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.MemoryContext;
import dev.agentplatform.common.MemoryMessage;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks memory-service what it recalls for a task and appends a conversation's messages. */
@Component
public class MemoryClient {

    private static final String CONVERSATION = "/v1/memory/{userId}/{conversationId}";

    /** memory-service searches with at most this many characters of a query. */
    private static final int MAX_QUERY = 2_000;

    private final RestClient rest;

    MemoryClient(RestClient.Builder builder, ClientsProperties properties) {
        this.rest = RestClients.build(
                builder, properties.memoryUrl(), properties.connectTimeout(), properties.readTimeout());
    }

    /**
     * What memory-service recalls for {@code query} in a conversation, packed to {@code maxTokens}:
     * the conversation's recent turns and the user's memories that fit the query, with their sources.
     *
     * @throws RestClientException when memory-service is unreachable, slow or answers with an error
     */
    public MemoryContext recall(String userId, String conversationId, String query, int maxTokens) {
        String cut = query == null ? "" : query.length() > MAX_QUERY ? query.substring(0, MAX_QUERY) : query;
        MemoryContext context = rest.get()
                .uri(
                        "/v1/memories/context?query={query}&conversationId={conversationId}&maxTokens={maxTokens}",
                        cut,
                        conversationId,
                        maxTokens)
                .header(Headers.USER_ID, userId)
                .retrieve()
                .body(MemoryContext.class);
        return context == null || context.items() == null ? new MemoryContext(List.of(), 0, maxTokens) : context;
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
