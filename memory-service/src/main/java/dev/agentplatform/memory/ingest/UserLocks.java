package dev.agentplatform.memory.ingest;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
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
     * The locks of all of {@code userIds}, each once, in one fixed order: whoever takes several takes
     * them in this order, so two such holders cannot wait for each other.
     */
    public List<ReentrantLock> ofAll(Collection<String> userIds) {
        return userIds.stream()
                .map(this::stripe)
                .distinct()
                .sorted()
                .map(i -> stripes[i])
                .toList();
    }

    private int stripe(String userId) {
        return Math.floorMod(userId.hashCode(), stripes.length);
    }
}
