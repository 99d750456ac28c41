package dev.agentplatform.orchestrator.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Scores answers by agreement: an answer that says what the others say is more likely right. Each
 * answer's score is its {@link AnswerQuality} times (0.5 + 0.5 × its mean cosine similarity to the
 * other usable answers, over word-frequency vectors). With a single usable answer, quality alone decides.
 *
 * <p>Word vectors rather than sentence embeddings: they cost microseconds on the response path and
 * need no model in the orchestrator's small heap; an embedding scorer can replace this bean.
 */
@Component
class AgreementScorer implements AnswerScorer {

    @Override
    public List<Double> score(String prompt, List<String> answers) {
        List<Double> quality = new ArrayList<>(answers.size());
        List<Map<String, Integer>> vectors = new ArrayList<>(answers.size());
        for (String answer : answers) {
            quality.add(AnswerQuality.of(prompt, answer));
            vectors.add(terms(answer));
        }
        List<Double> scores = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            if (quality.get(i) == 0.0) {
                scores.add(0.0);
                continue;
            }
            double sum = 0;
            int others = 0;
            for (int j = 0; j < answers.size(); j++) {
                if (j != i && quality.get(j) > 0.0) {
                    sum += cosine(vectors.get(i), vectors.get(j));
                    others++;
                }
            }
            double agreement = others == 0 ? 1.0 : sum / others;
            scores.add(quality.get(i) * (0.5 + 0.5 * agreement));
        }
        return scores;
    }

    static Map<String, Integer> terms(String text) {
        Map<String, Integer> counts = new HashMap<>();
        if (text == null) {
            return counts;
        }
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }

    static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        double dot = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            Integer other = b.get(e.getKey());
            if (other != null) {
                dot += (double) e.getValue() * other;
            }
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(Map<String, Integer> v) {
        double sum = 0;
        for (int x : v.values()) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
