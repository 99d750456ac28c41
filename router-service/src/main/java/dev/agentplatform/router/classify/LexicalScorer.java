package dev.agentplatform.router.classify;

import dev.agentplatform.common.AgentDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lexical signal: which of an agent's keywords (whole phrases) and declared words a prompt
 * contains, each weighted by how few of the candidates declare it (IDF), so a word every agent uses
 * says nothing. Each counts once per prompt. Squashed to 0..1.
 */
final class LexicalScorer {

    static final double KEYWORD_WEIGHT = 1.0;
    static final double WORD_WEIGHT = 0.25;
    /** Raw score at which the squashed signal reaches about 0.63. */
    static final double SCALE = 2.0;

    private LexicalScorer() {}

    /** An agent's keywords and other declared words, as terms. */
    record Profile(List<List<String>> keywords, Set<String> words, Set<String> allTerms) {

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
            Set<String> words = new HashSet<>(Terms.of(agent.description()));
            words.addAll(Terms.of(agent.team()));
            agent.examples().forEach(example -> words.addAll(Terms.of(example)));
            words.removeAll(keywordTerms);
            Set<String> all = new HashSet<>(words);
            all.addAll(keywordTerms);
            return new Profile(keywords, Collections.unmodifiableSet(words), Collections.unmodifiableSet(all));
        }
    }

    /** Squashed lexical scores of {@code profiles} for {@code prompt}, in order. */
    static double[] score(String prompt, List<Profile> profiles) {
        List<String> terms = Terms.of(prompt);
        Set<String> present = new HashSet<>(terms);
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Profile profile : profiles) {
            for (String term : profile.allTerms()) {
                if (present.contains(term)) {
                    documentFrequency.merge(term, 1, Integer::sum);
                }
            }
        }
        int n = profiles.size();
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            Profile profile = profiles.get(i);
            double raw = 0;
            for (List<String> keyword : profile.keywords()) {
                boolean hit = keyword.size() == 1
                        ? present.contains(keyword.get(0))
                        : Collections.indexOfSubList(terms, keyword) >= 0;
                if (hit) {
                    raw += KEYWORD_WEIGHT * idf(keyword.get(0), documentFrequency, n);
                }
            }
            for (String word : profile.words()) {
                if (present.contains(word)) {
                    raw += WORD_WEIGHT * idf(word, documentFrequency, n);
                }
            }
            scores[i] = 1 - Math.exp(-raw / SCALE);
        }
        return scores;
    }

    private static double idf(String term, Map<String, Integer> documentFrequency, int n) {
        int df = documentFrequency.getOrDefault(term, 1);
        return Math.log(1 + (double) n / df) / Math.log(1 + n);
    }
}
