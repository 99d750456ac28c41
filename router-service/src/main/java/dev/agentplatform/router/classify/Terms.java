package dev.agentplatform.router.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns text into comparable terms: lower case, split on anything but letters, digits, {@code +}
 * and {@code #} (so {@code c++} and {@code c#} survive), British spellings folded into American ones
 * and common suffixes cut. Both prompts and keywords go through it, so the stems only have to be
 * consistent, not real words.
 */
final class Terms {

    private static final Pattern SPLIT = Pattern.compile("[^a-z0-9+#]+");

    /** British {@code -ise/-yse} forms, so "summarise" and "summarize" meet. */
    private static final Pattern BRITISH_IS = Pattern.compile("(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$");

    private static final Pattern BRITISH_YS = Pattern.compile("(?<=[a-z]{2})ys(e|ed|es|ing)$");

    /** Suffixes tried in order; the first that leaves a stem of at least {@link #MIN_STEM} letters is cut. */
    private static final String[] SUFFIXES = {"ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e"
    };

    private static final int MIN_STEM = 3;

    /** Words whose trailing {@code s} is not a plural; cutting it would collide with other words. */
    private static final Set<String> KEEP = Set.of("news", "series", "analysis", "always", "less", "class", "ts", "js");

    /** Words too common to say anything about intent. */
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does",
            "for", "from", "get", "give", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
            "of", "on", "or", "our", "please", "so", "some", "such", "than", "that", "the", "their", "them", "then",
            "there", "these", "they", "this", "to", "up", "us", "use", "using", "want", "was", "we", "what", "when",
            "where", "which", "who", "why", "will", "with", "would", "you", "your");

    private Terms() {}

    /** The terms of {@code text} in order, stop words left out. */
    static List<String> of(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
                terms.add(stem(word));
            }
        }
        return terms;
    }

    /** "plotting" and "plotted" become "plot", but "calling" stays "call". */
    private static String undouble(String stem) {
        int n = stem.length();
        char last = stem.charAt(n - 1);
        boolean doubled = n >= 4 && last == stem.charAt(n - 2) && "bdgmnprt".indexOf(last) >= 0;
        return doubled ? stem.substring(0, n - 1) : stem;
    }

    static String stem(String word) {
        if (KEEP.contains(word) || word.endsWith("ss") || word.endsWith("us")) {
            return word;
        }
        String folded = BRITISH_YS
                .matcher(BRITISH_IS.matcher(word).replaceFirst("iz$1"))
                .replaceFirst("yz$1");
        for (String suffix : SUFFIXES) {
            if (folded.endsWith(suffix) && folded.length() - suffix.length() >= MIN_STEM) {
                String stem = folded.substring(0, folded.length() - suffix.length());
                if (suffix.equals("ies") || suffix.equals("ied")) {
                    return stem + "y";
                }
                return suffix.startsWith("ing") || suffix.equals("ed") ? undouble(stem) : stem;
            }
        }
        return folded;
    }
}
