package dev.agentplatform.memory.hot;

import dev.agentplatform.common.ConversationContext;
import dev.agentplatform.common.MemoryMessage;
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

/** Appends to, reads and forgets a conversation's HOT memory. */
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
        MemoryMessage stored = store.append(key, message);
        return ResponseEntity.created(uri.path("/v1/memory/{userId}/{conversationId}")
                        .buildAndExpand(userId, conversationId)
                        .toUri())
                .body(stored);
    }

    @GetMapping
    ConversationContext read(@PathVariable String userId, @PathVariable String conversationId) {
        ConversationKey key = ConversationKey.of(userId, conversationId);
        return new ConversationContext(userId, conversationId, store.read(key));
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String userId, @PathVariable String conversationId) {
        store.delete(ConversationKey.of(userId, conversationId));
        return ResponseEntity.noContent().build();
    }
}
