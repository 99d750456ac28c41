package dev.agentplatform.router.classify;

import dev.agentplatform.common.AgentDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores agents by the keywords and description words a prompt shares with them. A keyword (a word
 * or phrase chosen as a strong signal) weighs {@value #KEYWORD_WEIGHT}; any other word of the
 * agent's description or its team name weighs {@value #DESCRIPTION_WEIGHT}. Each counts once per
 * prompt, so repeating a word does not tilt the choice. Confidence is the best score's share of all
 * scores: one agent alone matching gives 1, an even spread gives little.
 */
public class KeywordIntentClassifier implements IntentClassifier {

    static final double KEYWORD_WEIGHT = 3.0;
    static final double DESCRIPTION_WEIGHT = 1.0;

    private final Map<AgentDefinition, Profile> profiles = new ConcurrentHashMap<>();

    @Override
    public Classification classify(String prompt, float[] embedding, List<AgentDefinition> candidates) {
        List<String> terms = Terms.of(prompt);
        Set<String> present = new HashSet<>(terms);
        List<AgentScore> scores = new ArrayList<>(candidates.size());
        double total = 0;
        double best = 0;
        for (AgentDefinition agent : candidates) {
            double score = profiles.computeIfAbsent(agent, Profile::of).score(terms, present);
            scores.add(new AgentScore(agent, score));
            total += score;
            best = Math.max(best, score);
        }
        return new Classification(scores, total == 0 ? 0 : best / total);
    }

    /** An agent's keywords and description words, as terms. */
    private record Profile(List<List<String>> keywords, Set<String> descriptionTerms) {

        static Profile of(AgentDefinition agent) {
            List<List<String>> keywords = new ArrayList<>();
            Set<String> keywordTerms = new HashSet<>();
            for (String keyword : agent.keywords()) {
                List<String> phrase = Terms.of(keyword);
                if (!phrase.isEmpty()) {
                    keywords.add(phrase);
                    keywordTerms.addAll(phrase);
                }
            }
            Set<String> description = new HashSet<>(Terms.of(agent.description()));
            description.addAll(Terms.of(agent.team()));
            // a word that is already a keyword must not be counted twice
            description.removeAll(keywordTerms);
            return new Profile(keywords, Collections.unmodifiableSet(description));
        }

        double score(List<String> terms, Set<String> present) {
            double score = 0;
            for (List<String> keyword : keywords) {
                if (keyword.size() == 1 ? present.contains(keyword.get(0)) : containsPhrase(terms, keyword)) {
                    score += KEYWORD_WEIGHT;
                }
            }
            for (String term : descriptionTerms) {
                if (present.contains(term)) {
                    score += DESCRIPTION_WEIGHT;
                }
            }
            return score;
        }

        private static boolean containsPhrase(List<String> terms, List<String> phrase) {
            return Collections.indexOfSubList(terms, phrase) >= 0;
        }
    }
}
