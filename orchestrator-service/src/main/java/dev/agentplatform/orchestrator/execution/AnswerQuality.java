package dev.agentplatform.orchestrator.execution;

import java.util.List;
import java.util.Locale;

/**
 * Cheap checks that an answer is usable at all: not empty, not an error or a refusal, and of a
 * sane length for the prompt. A CASCADE stops refining once a refinement passes with a margin; the
 * PARALLEL scorer weighs answers by it.
 */
final class AnswerQuality {

    static final int MIN_CHARS = 20;
    static final int MAX_CHARS = 200_000;

    private static final List<String> FAILURE_OPENINGS = List.of(
            "error",
            "i cannot",
            "i can't",
            "i can not",
            "i'm sorry",
            "i am sorry",
            "as an ai",
            "sorry,",
            "internal server error");

    private AnswerQuality() {}

    /** 0.0 for an unusable answer, up to 1.0 for one that passes every check. */
    static double of(String prompt, String answer) {
        if (answer == null || answer.isBlank()) {
            return 0.0;
        }
        String text = answer.strip();
        if (text.length() < MIN_CHARS || text.length() > MAX_CHARS) {
            return 0.0;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        // A simulated answer starts with its marker; look past it for the opening words.
        String opening = lower.startsWith("[simulated") && lower.indexOf(']') > 0
                ? lower.substring(lower.indexOf(']') + 1).strip()
                : lower;
        for (String failure : FAILURE_OPENINGS) {
            if (opening.startsWith(failure)) {
                return 0.0;
            }
        }
        double score = 1.0;
        // An answer far shorter than a long prompt probably missed most of it.
        if (prompt != null && prompt.length() > 400 && text.length() < prompt.length() / 10) {
            score -= 0.3;
        }
        return score;
    }

    /**
     * Whether a refined answer is good enough to stop refining: it passes every check with no
     * deduction (a CASCADE stops early on it).
     */
    static boolean passesWithMargin(String prompt, String answer) {
        return of(prompt, answer) >= 0.95;
    }

    /** Whether the answer passes the checks. */
    static boolean passes(String prompt, String answer) {
        return of(prompt, answer) >= 0.7;
    }
}
