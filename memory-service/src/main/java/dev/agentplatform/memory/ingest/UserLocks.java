package dev.agentplatform.memory.ingest;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Striped per-user locks: indexing a user's batch and forgetting that user never interleave in this
 * process, so a batch read before a forget cannot be written back after it.
 */
@Component
public class UserLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public UserLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public ReentrantLock of(String userId) {
        return stripes[stripe(userId)];
    }

    /**
     * Runs {@code work} holding the locks of all of {@code userIds}, each taken once and in one fixed
     * order (so two callers holding several cannot wait for each other), released in reverse.
     */
    public <T> T holding(Collection<String> userIds, Supplier<T> work) {
        List<ReentrantLock> held = userIds.stream()
                .map(this::stripe)
                .distinct()
                .sorted()
                .map(i -> stripes[i])
                .toList();
        held.forEach(ReentrantLock::lock);
        try {
            return work.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    private int stripe(String userId) {
        return Math.floorMod(userId.hashCode(), stripes.length);
    }
}
