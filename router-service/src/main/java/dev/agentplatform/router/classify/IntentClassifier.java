package dev.agentplatform.router.classify;

import dev.agentplatform.common.AgentDefinition;
import java.util.List;

/** Scores how well each candidate agent fits a prompt. */
public interface IntentClassifier {

    /**
     * Scores every candidate for {@code prompt}.
     *
     * @param prompt the caller's text
     * @param candidates the agents to choose among, never empty
     * @return one score per candidate (in candidate order) and the confidence in the best of them
     */
    default Classification classify(String prompt, List<AgentDefinition> candidates) {
        return classify(prompt, null, candidates);
    }

    /**
     * Scores every candidate for {@code prompt}, reusing {@code embedding} when the classifier
     * embeds prompts and it is given.
     *
     * @param prompt the caller's text
     * @param embedding the prompt's unit-length all-MiniLM-L6-v2 embedding, or {@code null}
     * @param candidates the agents to choose among, never empty
     */
    Classification classify(String prompt, float[] embedding, List<AgentDefinition> candidates);

    /**
     * A classifier's verdict.
     *
     * @param scores one score per candidate, in candidate order; higher fits better, 0 means no signal
     * @param confidence how sure the classifier is of the best candidate, 0 to 1
     */
    record Classification(List<AgentScore> scores, double confidence) {

        public Classification {
            scores = List.copyOf(scores);
        }
    }

    /**
     * One candidate's score.
     *
     * @param agent the agent
     * @param score how well it fits, higher is better
     */
    record AgentScore(AgentDefinition agent, double score) {}
}
