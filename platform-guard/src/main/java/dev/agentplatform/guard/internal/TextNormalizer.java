package dev.agentplatform.guard.internal;

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
        if (isPlainAscii(text)) {
            return collapse(text);
        }
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String visible = INVISIBLE.matcher(nfkc).replaceAll("");
        return SPACES.matcher(visible).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }

    /** ASCII is already NFKC and has no invisible format characters: one pass instead of three. */
    private static boolean isPlainAscii(String text) {
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String collapse(String ascii) {
        StringBuilder out = new StringBuilder(ascii.length());
        boolean space = false;
        for (int k = 0; k < ascii.length(); k++) {
            char c = ascii.charAt(k);
            if (c <= ' ' || c == 0x7f) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }
}
