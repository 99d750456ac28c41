package dev.agentplatform.memory.cold;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads what messages state as entities and facts for the COLD graph: {@link RuleExtractor} with no
 * model, {@link LlmExtractor} through the orchestrator's providers when a model is configured.
 */
public interface Extractor {

    /**
     * The extraction of each message of one write, in the messages' order.
     *
     * @param userId whose messages (a model's work is booked to this user)
     */
    List<Extraction> extract(String userId, List<Utterance> messages);

    /** The extractions of several writes, each as {@link #extract} gives it, in order. */
    default List<List<Extraction>> extractAll(List<Write> writes) {
        List<List<Extraction>> all = new ArrayList<>(writes.size());
        for (Write write : writes) {
            all.add(extract(write.userId(), write.messages()));
        }
        return all;
    }

    /**
     * One message to read.
     *
     * @param speaker its author's name (what "I" stands for), or {@code null}
     * @param content what was said
     */
    record Utterance(String speaker, String content) {}

    /**
     * The messages of one write and who wrote them.
     *
     * @param userId whose messages
     * @param messages what was said
     * @param tier the writer's tier, or {@code null} when not known
     * @param keyId the API key the write came with, or {@code null}
     * @param team that key's team, or {@code null}
     */
    record Write(String userId, List<Utterance> messages, String tier, String keyId, String team) {

        public Write {
            messages = List.copyOf(messages);
        }

        /** A write of {@code userId} with nothing known about its credential. */
        public Write(String userId, List<Utterance> messages) {
            this(userId, messages, null, null, null);
        }
    }
}
