package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.cache.CachedAnswer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/** What comes back up the chain: an answer in one of its forms, and finally the rendered response. */
public sealed interface ChatReply {

    /** {@code X-Cache} of an answer that came from the agents, not from a cache. */
    String MISS = "MISS";

    /** {@code X-Cache} of an answer from the exact cache. */
    String HIT_EXACT = "HIT-EXACT";

    /** {@code X-Cache} of an answer from the semantic cache. */
    String HIT_SEMANTIC = "HIT-SEMANTIC";

    /**
     * An exact-cache hit: the answer's bytes as first sent.
     *
     * @param answer the stored answer
     */
    record Replayed(CachedAnswer answer) implements ChatReply {}

    /**
     * A whole answer, from the agents or the semantic cache.
     *
     * @param result the task's result
     * @param cacheOutcome {@link #MISS} or {@link #HIT_SEMANTIC}
     * @param similarity the semantic hit's similarity as the header shows it, or {@code null}
     */
    record Answered(TaskResult result, String cacheOutcome, String similarity) implements ChatReply {}

    /**
     * The router's stream, once its first piece of the answer arrived.
     *
     * @param events every event of the stream, the first included
     * @param agent the agent answering as the first piece names it, or {@code null}
     * @param strategy the strategy as the first piece names it, or {@code null}
     * @param costDowngraded {@code from->to} when the first piece says a budget moved the answer to a
     *     cheaper model (sent as {@code X-Cost-Downgraded}, as with a whole answer), else {@code null}
     */
    record Streaming(Flux<ServerSentEvent<String>> events, String agent, String strategy, String costDowngraded)
            implements ChatReply {

        /** A stream whose first piece names no downgrade. */
        Streaming(Flux<ServerSentEvent<String>> events, String agent, String strategy) {
            this(events, agent, strategy, null);
        }
    }

    /**
     * The response to write: every answer ends as one.
     *
     * @param response status, headers and the body's frames
     */
    record Rendered(ResponseEntity<Flux<DataBuffer>> response) implements ChatReply {}
}
