package dev.agentplatform.memory.ingest;

import dev.agentplatform.memory.warm.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the messages of one write (in the order they were said) into WARM memories: each message
 * as it is, and for each message the segment it starts (it and the next {@code size - 1} of the
 * same write and conversation). A question is often answered by a message read with its neighbours
 * ("Yes, last Saturday!" after "Did you go to the parade?"); the segment carries that context into
 * both the embedding and the BM25 text, and names every message it holds as a source.
 */
public final class Segmenter {

    private final int size;

    public Segmenter(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("segment size must be at least 1, was " + size);
        }
        this.size = size;
    }

    public List<Memory> memories(List<Memory> messages) {
        List<Memory> all = new ArrayList<>(messages);
        if (size == 1) {
            return all;
        }
        for (int i = 0; i + 1 < messages.size(); i++) {
            Memory first = messages.get(i);
            List<Memory> members = new ArrayList<>(size);
            for (int j = i; j < Math.min(messages.size(), i + size); j++) {
                if (!same(first.conversationId(), messages.get(j).conversationId())) {
                    break;
                }
                members.add(messages.get(j));
            }
            if (members.size() < 2) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            List<String> sources = new ArrayList<>(members.size());
            for (Memory m : members) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(m.text());
                sources.add(m.id());
            }
            Memory last = members.get(members.size() - 1);
            all.add(new Memory(
                    first.userId(),
                    "seg:" + first.id(),
                    Memory.SEGMENT,
                    first.conversationId(),
                    null,
                    null,
                    text.toString(),
                    last.timestamp(),
                    sources));
        }
        return all;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
