package dev.agentplatform.orchestrator.execution;

import java.util.List;

/** Picks the best of several answers to one prompt (PARALLEL). */
interface AnswerScorer {

    /**
     * Scores each answer, in the order given; higher is better, 0 for an answer that fails the
     * quality checks.
     */
    List<Double> score(String prompt, List<String> answers);
}
