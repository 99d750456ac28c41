package dev.agentplatform.orchestrator.provider;

import java.util.function.Consumer;

/**
 * Where the pieces of a streamed answer go, remembering whether any went: before the first piece a
 * failed call may still fall back to another provider or agent, after it the answer is committed.
 */
public final class TokenSink implements Consumer<String> {

    private final Consumer<String> target;
    private volatile boolean started;

    public TokenSink(Consumer<String> target) {
        this.target = target;
    }

    @Override
    public void accept(String piece) {
        started = true;
        target.accept(piece);
    }

    /** Whether a piece has been handed on. */
    public boolean started() {
        return started;
    }
}
