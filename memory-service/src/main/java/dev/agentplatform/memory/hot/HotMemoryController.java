package dev.agentplatform.memory.hot;

import dev.agentplatform.common.ConversationContext;
import dev.agentplatform.common.MemoryMessage;
import dev.agentplatform.support.security.ServiceCaller;
import jakarta.validation.Valid;
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
 * Appends to, reads and forgets a conversation's HOT memory. {@code /quarantine} keeps the messages
 * of an exchange the injection guard flagged: stored for audit, never part of what {@code GET}
 * returns as the conversation's context.
 */
@RestController
@RequestMapping("/v1/memory/{userId}/{conversationId}")
class HotMemoryController {

    private final HotMemoryStore store;

    HotMemoryController(HotMemoryStore store) {
        this.store = store;
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
