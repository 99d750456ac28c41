package dev.agentplatform.memory.hot;

import dev.agentplatform.common.ConversationContext;
import dev.agentplatform.common.MemoryMessage;
import dev.agentplatform.memory.ingest.IngestQueue;
import dev.agentplatform.memory.ingest.IngestedMessage;
import dev.agentplatform.memory.ingest.MemoriesAccepted;
import dev.agentplatform.support.security.ServiceCaller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Appends to, reads and forgets a conversation's HOT memory. Each appended message is also queued
 * for the WARM tier, so a conversation is still remembered after its HOT list expired; quarantined
 * ones are not. {@code /quarantine} keeps the messages
 * of an exchange the injection guard flagged: stored for audit, never part of what {@code GET}
 * returns as the conversation's context.
 */
@RestController
@RequestMapping("/v1/memory/{userId}/{conversationId}")
class HotMemoryController {

    private final HotMemoryStore store;
    private final IngestQueue warm;

    HotMemoryController(HotMemoryStore store, IngestQueue warm) {
        this.store = store;
        this.warm = warm;
    }

    @PostMapping("/messages")
    ResponseEntity<MemoryMessage> append(
            @PathVariable String userId,
            @PathVariable String conversationId,
            @Valid @RequestBody MemoryMessage message,
            UriComponentsBuilder uri) {
        ConversationKey key = ConversationKey.of(userId, conversationId);
        ServiceCaller.requireUser(userId);
        MemoryMessage stored = store.append(key, message);
        if (!stored.content().isBlank()) {
            warm.enqueue(MemoriesAccepted.of(
                    userId,
                    conversationId,
                    List.of(new IngestedMessage(
                            UUID.randomUUID().toString(),
                            stored.role(),
                            null,
                            stored.content(),
                            stored.at().toString()))));
        }
        return ResponseEntity.created(uri.path("/v1/memory/{userId}/{conversationId}")
                        .buildAndExpand(userId, conversationId)
                        .toUri())
                .body(stored);
    }

    @PostMapping("/quarantine")
    ResponseEntity<MemoryMessage> quarantine(
            @PathVariable String userId,
            @PathVariable String conversationId,
            @Valid @RequestBody MemoryMessage message,
            UriComponentsBuilder uri) {
        ConversationKey key = ConversationKey.of(userId, conversationId);
        MemoryMessage stored = store.quarantine(key, message);
        return ResponseEntity.created(uri.path("/v1/memory/{userId}/{conversationId}/quarantine")
                        .buildAndExpand(userId, conversationId)
                        .toUri())
                .body(stored);
    }

    @GetMapping("/quarantine")
    ConversationContext readQuarantine(@PathVariable String userId, @PathVariable String conversationId) {
        ConversationKey key = ConversationKey.of(userId, conversationId);
        return new ConversationContext(userId, conversationId, store.readQuarantine(key));
    }

    @GetMapping
    ConversationContext read(@PathVariable String userId, @PathVariable String conversationId) {
        ConversationKey key = ConversationKey.of(userId, conversationId);
        ServiceCaller.requireUser(userId);
        return new ConversationContext(userId, conversationId, store.read(key));
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String userId, @PathVariable String conversationId) {
        ConversationKey key = ConversationKey.of(userId, conversationId);
        ServiceCaller.requireUser(userId);
        store.delete(key);
        return ResponseEntity.noContent().build();
    }
}
