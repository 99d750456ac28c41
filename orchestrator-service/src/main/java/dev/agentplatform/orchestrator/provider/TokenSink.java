package dev.agentplatform.orchestrator.provider;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where the pieces of a streamed answer go, remembering whether any went: before the first piece a
 * failed call may still fall back to another provider or agent, after it the answer is committed.
 * Each piece goes on with the agent whose attempt produced it (set by {@link #attempt(String,
 * String)}) and, when a budget moved that attempt to a cheaper model, {@code from->to} (the model of
 * the provider answering, set by {@link #model(String)}), so that what relays the stream can say so
 * before its first byte.
 */
public final class TokenSink implements Consumer<String> {

    /** Takes each piece with what produced it. */
    @FunctionalInterface
    public interface Target {

        /**
         * @param agent the agent whose attempt produced the piece
         * @param costDowngraded {@code from->to} when a budget moved the attempt to a cheaper model,
         *     else {@code null}
         * @param piece the piece of the answer
         */
        void accept(String agent, String costDowngraded, String piece);
    }

    private final Target target;
    /** The sink a relaying sink's pieces end in, which learns the model answering too. */
    private final TokenSink relayed;

    private volatile boolean started;
    private volatile String agent;
    private volatile String downgradedFrom;
    private volatile String model;

    /** A sink handing on each piece with the agent producing it: {@code target.accept(agent, piece)}. */
    public TokenSink(BiConsumer<String, String> target) {
        this((agent, costDowngraded, piece) -> target.accept(agent, piece), null);
    }

    /** A sink handing on each piece with the agent producing it and the downgrade it runs under. */
    public TokenSink(Target target) {
        this(target, null);
    }

    private TokenSink(Target target, TokenSink relayed) {
        this.target = target;
        this.relayed = relayed;
    }

    /** A sink handing on the pieces alone. */
    public static TokenSink ofPieces(Consumer<String> target) {
        return new TokenSink((agent, piece) -> target.accept(piece));
    }

    /**
     * A sink whose pieces go to {@code pieces} on their way (screened, say) to {@code sink}: the
     * model it is told of, {@code sink} is told of.
     */
    public static TokenSink relaying(TokenSink sink, Consumer<String> pieces) {
        return new TokenSink((agent, costDowngraded, piece) -> pieces.accept(piece), sink);
    }

    /** The agent whose attempt the next pieces come from. */
    public void attempt(String agent) {
        attempt(agent, null);
    }

    /**
     * The agent whose attempt the next pieces come from, and the model it would have called when a
     * budget moved it to cheaper ones ({@code null}: it was not moved).
     */
    public void attempt(String agent, String downgradedFrom) {
        this.agent = agent;
        this.downgradedFrom = downgradedFrom;
        this.model = null;
    }

    /** The model of the provider the next pieces come from. */
    public void model(String model) {
        this.model = model;
        if (relayed != null) {
            relayed.model(model);
        }
    }

    @Override
    public void accept(String piece) {
        started = true;
        target.accept(agent, costDowngraded(), piece);
    }

    /** Whether a piece has been handed on. */
    public boolean started() {
        return started;
    }

    /** {@code from->to} when a budget moved the current attempt to a cheaper model, else {@code null}. */
    public String costDowngraded() {
        String from = downgradedFrom;
        String to = model;
        return from == null || to == null ? null : from + "->" + to;
    }
}
