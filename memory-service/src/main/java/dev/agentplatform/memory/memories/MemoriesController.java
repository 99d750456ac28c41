package dev.agentplatform.memory.memories;

import dev.agentplatform.common.MemoryContext;
import dev.agentplatform.support.security.ServiceCaller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/memories}: write, search, read, delete and forget the caller's memories, and the
 * context a model should see. The user is always the one the service credential acts for (the
 * gateway's for the API key's user), never a field of the request.
 */
@RestController
@RequestMapping("/v1/memories")
class MemoriesController {

    private final MemoryService memories;
    private final ContextPacker context;

    MemoriesController(MemoryService memories, ContextPacker context) {
        this.memories = memories;
        this.context = context;
    }

    @PostMapping
    ResponseEntity<MemoryRequests.Accepted> write(@RequestBody MemoryRequests.Write write) {
        return ResponseEntity.accepted().body(memories.write(user(), write));
    }

    @PostMapping("/search")
    MemoryRequests.Results search(@RequestBody MemoryRequests.Search search) {
        return memories.search(user(), search);
    }

    @GetMapping("/context")
    MemoryContext context(
            @RequestParam(required = false) String query,
            @RequestParam(required = false) String conversationId,
            @RequestParam(defaultValue = "1000") int maxTokens) {
        if (maxTokens < 1 || maxTokens > 100_000) {
            throw MemoryService.invalid("maxTokens must be between 1 and 100000");
        }
        if (query != null && query.length() > 2_000) {
            throw MemoryService.invalid("query must be at most 2000 characters");
        }
        return context.pack(user(), conversationId, query, maxTokens);
    }

    @GetMapping("/stats")
    MemoryRequests.Stats stats() {
        return memories.stats(user());
    }

    // {*id}: message ids may hold '/' (e.g. "conv-26/D1:3")
    @GetMapping("/{*id}")
    MemoryRequests.Stored get(@PathVariable String id) {
        return memories.get(user(), strip(id));
    }

    @DeleteMapping("/{*id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        memories.delete(user(), strip(id));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    MemoryRequests.Forgotten forgetAll() {
        return memories.forget(user());
    }

    private static String strip(String id) {
        return id.startsWith("/") ? id.substring(1) : id;
    }

    private static String user() {
        return ServiceCaller.requireActingUser("Memories are always a user's: the service credential must act for one");
    }
}
