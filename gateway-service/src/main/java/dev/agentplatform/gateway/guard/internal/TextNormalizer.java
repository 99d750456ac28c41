package dev.agentplatform.gateway.guard.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Lower case, NFKC, no zero-width or control characters, single spaces: so that full-width letters,
 * soft hyphens and runs of newlines do not hide a phrasing from the patterns or the classifier.
 */
public final class TextNormalizer {

    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\u00AD]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Cc}]+");

    private TextNormalizer() {}

    public static String normalise(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String visible = INVISIBLE.matcher(nfkc).replaceAll("");
        return SPACES.matcher(visible).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }
}
