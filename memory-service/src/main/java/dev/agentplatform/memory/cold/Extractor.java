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

    /** The messages of one write and their user. */
    record Write(String userId, List<Utterance> messages) {

        public Write {
            messages = List.copyOf(messages);
        }
    }
}
