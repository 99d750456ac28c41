package dev.agentplatform.orchestrator.leak;

import dev.agentplatform.orchestrator.provider.TokenSink;
import java.util.List;

/**
 * The leak check of a streamed answer: each piece is handed on at once, except the stretch at its
 * end that may still grow into a leak ({@link LeakScreen#pendingFrom}: an unfinished word, the
 * beginning of the canary or a secret, words the system prompts hold in a row), which waits for the
 * next piece; what leaks is hidden, and a blocked answer stops at the first leak with the notice.
 * Not thread-safe: one provider stream feeds it.
 */
final class StreamScreen {

    private final LeakScreen screen;
    private final LeakAction action;
    private final TokenSink target;
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder sent = new StringBuilder();
    private int handedOn;
    private boolean blocked;
    private boolean endsRedacted;
    private LeakScreen.Kind found;

    StreamScreen(LeakScreen screen, LeakAction action, TokenSink target) {
        this.screen = screen;
        this.action = action;
        this.target = target;
    }

    void accept(String piece) {
        if (blocked) {
            return;
        }
        raw.append(piece);
        // one copy of the answer so far per piece, read by both checks
        String text = raw.toString();
        int safe = screen.pendingFrom(text, handedOn);
        if (safe > handedOn) {
            handOn(text, safe);
        }
    }

    /** Hands on the rest; returns all that went to the client. */
    String finish() {
        if (!blocked) {
            handOn(raw.toString(), raw.length());
        }
        return sent.toString();
    }

    /** What the answer gave away first, or {@code null}. */
    LeakScreen.Kind found() {
        return found;
    }

    private void handOn(String text, int upTo) {
        List<LeakScreen.Span> spans = screen.spans(text);
        if (!spans.isEmpty() && found == null) {
            found = spans.get(0).kind();
        }
        if (!spans.isEmpty() && action == LeakAction.BLOCK) {
            blocked = true;
            emit(OutputLeakGuard.WITHHELD);
            return;
        }
        int limit = upTo;
        for (LeakScreen.Span span : spans) {
            if (span.start() < limit && span.end() > limit && limit < text.length()) {
                // a stretch still growing at the edge waits for the next piece
                limit = Math.max(handedOn, span.start());
            }
        }
        int at = handedOn;
        for (LeakScreen.Span span : spans) {
            if (span.end() <= at || span.start() >= limit) {
                continue;
            }
            if (span.start() > at) {
                emit(text.substring(at, span.start()));
                emit(OutputLeakGuard.REDACTED);
            } else if (span.start() == at && !endsRedacted) {
                emit(OutputLeakGuard.REDACTED);
            }
            at = Math.min(span.end(), limit);
        }
        if (at < limit) {
            emit(text.substring(at, limit));
        }
        handedOn = Math.max(handedOn, limit);
    }

    private void emit(String text) {
        if (!text.isEmpty()) {
            sent.append(text);
            endsRedacted = OutputLeakGuard.REDACTED.equals(text);
            target.accept(text);
        }
    }
}
