package dev.agentplatform.orchestrator.provider;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where the pieces of a streamed answer go, remembering whether any went: before the first piece a
 * failed call may still fall back to another provider or agent, after it the answer is committed.
 * Each piece goes on with the agent whose attempt produced it (set by {@link #attempt(String)}).
 */
public final class TokenSink implements Consumer<String> {

    private final BiConsumer<String, String> target;
    private volatile boolean started;
    private volatile String agent;

    /** A sink handing on each piece with the agent producing it: {@code target.accept(agent, piece)}. */
    public TokenSink(BiConsumer<String, String> target) {
        this.target = target;
    }

    /** A sink handing on the pieces alone. */
    public static TokenSink ofPieces(Consumer<String> target) {
        return new TokenSink((agent, piece) -> target.accept(piece));
    }

    /** The agent whose attempt the next pieces come from. */
    public void attempt(String agent) {
        this.agent = agent;
    }

    @Override
    public void accept(String piece) {
        started = true;
        target.accept(agent, piece);
    }

    /** Whether a piece has been handed on. */
    public boolean started() {
        return started;
    }
}
