package dev.agentplatform.orchestrator.leak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one model call must not give away, and where an answer does: the canary planted in its
 * system prompts, the secret-looking values those prompts hold (an access code, a password, a key),
 * and any run of {@code echoWords} consecutive words of the prompts themselves. Immutable; one per
 * call, shared by the blocking and the streamed check.
 */
public final class LeakScreen {

    /** What an answer gave away. */
    public enum Kind {
        /** The canary: the answer repeats the system prompt, marker included. */
        CANARY,
        /** A secret-looking value of the system prompt. */
        SECRET,
        /** A long run of the system prompt's own words. */
        SYSTEM_PROMPT
    }

    /**
     * A stretch of an answer to hide.
     *
     * @param start the first character
     * @param end one past the last character
     * @param kind what it gives away
     */
    public record Span(int start, int end, Kind kind) {}

    /** A value named as a secret: "the password is avocado", "access code: 7741", "api_key=...". */
    private static final Pattern CUED = Pattern.compile(
            "(?i)\\b(?:password|passcode|pass ?phrase|pass ?word|access code|secret(?: code| key| word| phrase)?"
                    + "|api[ _-]?key|token|pin(?: code)?|code ?word|magic word|key)"
                    + "\\s*(?:(?:is|was|reads|equals)\\s*:?|[:=])\\s*[\"'\u201c\u2018`]?([^\\s\"'\u201d\u2019`,;]{3,80})");

    /** Key-like tokens: long, letters and digits mixed (ids, keys, codes). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{9,}");

    /** Values a cue word is followed by that are words of the sentence, not a secret. */
    private static final Set<String> NOT_SECRETS = Set.of(
            "the",
            "not",
            "never",
            "secret",
            "confidential",
            "private",
            "hidden",
            "below",
            "above",
            "following",
            "provided",
            "given",
            "unknown",
            "required",
            "needed",
            "empty",
            "set",
            "missing",
            "valid",
            "invalid",
            "correct",
            "wrong",
            "something",
            "anything",
            "nothing",
            "this",
            "that",
            "these",
            "those",
            "your");

    private final String canary;
    private final List<String> secrets;
    private final int longestValue;
    private final int echoWords;
    private final Set<Long> shingles;
    /** For each k below echoWords, the hashes of the prompts' runs of k words: what an echo begins with. */
    private final List<Set<Long>> beginnings;

    LeakScreen(String canary, List<String> systemTexts, int echoWords) {
        this.canary = canary;
        Set<String> found = new LinkedHashSet<>();
        List<String> words = new ArrayList<>();
        for (String text : systemTexts) {
            found.addAll(secretsIn(text));
            words.addAll(words(text));
        }
        found.remove(canary);
        List<String> sorted = new ArrayList<>(found);
        // the longest first: a secret that contains another is hidden whole
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
        // the longest stretch a single leak of the canary or a secret can take
        this.longestValue =
                Math.max(canary.length(), sorted.isEmpty() ? 0 : sorted.get(0).length());
        // a short prompt counts whole once it has six words; a shorter one is not worth the noise
        this.echoWords = words.size() >= echoWords ? echoWords : words.size() >= 6 ? words.size() : 0;
        Set<Long> hashes = new HashSet<>();
        if (this.echoWords > 0) {
            for (int i = 0; i + this.echoWords <= words.size(); i++) {
                hashes.add(hash(words, i, this.echoWords));
            }
        }
        this.shingles = Set.copyOf(hashes);
        List<Set<Long>> runs = new ArrayList<>();
        runs.add(Set.of());
        for (int k = 1; k < this.echoWords; k++) {
            Set<Long> ofK = new HashSet<>();
            for (int i = 0; i + k <= words.size(); i++) {
                ofK.add(hash(words, i, k));
            }
            runs.add(ofK);
        }
        this.beginnings = List.copyOf(runs);
    }

    /**
     * Where the stretch at the end of {@code text} begins that may still grow into a leak, not before
     * {@code from}: a word not finished yet, the beginning of the canary or of a secret, or words that
     * the prompts hold in a row (fewer than an echo's). {@code text.length()} when nothing at the end
     * can: a stream hands on everything before this point and keeps the rest for the next piece.
     */
    int pendingFrom(CharSequence text, int from) {
        int length = text.length();
        int hold = length;
        while (hold > from && Character.isLetterOrDigit(text.charAt(hold - 1))) {
            hold--;
        }
        String value = text.toString();
        for (int start = Math.max(from, length - longestValue); start < length; start++) {
            if (start > 0 && Character.isLetterOrDigit(value.charAt(start - 1))) {
                continue;
            }
            if (beginsAny(value, start)) {
                hold = Math.min(hold, start);
                break;
            }
        }
        if (echoWords > 1) {
            List<String> words = new ArrayList<>();
            List<int[]> bounds = new ArrayList<>();
            int window = Math.max(from, hold - 40 * echoWords);
            wordsWithBounds(value.substring(window, hold), words, bounds);
            for (int k = Math.min(echoWords - 1, words.size()); k >= 1; k--) {
                if (beginnings.get(k).contains(hash(words, words.size() - k, k))) {
                    hold = Math.min(hold, Math.max(from, window + bounds.get(words.size() - k)[0]));
                    break;
                }
            }
        }
        return hold;
    }

    /** Whether {@code text} from {@code start} to its end begins the canary or a secret. */
    private boolean beginsAny(String text, int start) {
        if (begins(text, start, canary)) {
            return true;
        }
        for (String secret : secrets) {
            if (begins(text, start, secret)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} from {@code start} to its end is the beginning of {@code needle} (or all of it). */
    private static boolean begins(String text, int start, String needle) {
        int n = text.length() - start;
        return n <= needle.length() && text.regionMatches(true, start, needle, 0, n);
    }

    /** The canary planted in the call's system prompts. */
    public String canary() {
        return canary;
    }

    /** The secret-looking values of the system prompts, longest first. */
    List<String> secrets() {
        return secrets;
    }

    /** The secret-looking values of {@code text}. */
    static Set<String> secretsIn(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher cued = CUED.matcher(text);
        while (cued.find()) {
            String value = trimEnd(cued.group(1));
            if (value.length() >= 3 && !NOT_SECRETS.contains(value.toLowerCase(Locale.ROOT))) {
                found.add(value);
            }
        }
        Matcher token = TOKEN.matcher(text);
        while (token.find()) {
            String value = trimEnd(token.group());
            if (value.length() >= 10 && keyLike(value)) {
                found.add(value);
            }
        }
        return found;
    }

    private static String trimEnd(String value) {
        int end = value.length();
        while (end > 0 && ".!?)]}>:".indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(0, end);
    }

    /** Three letters and three digits at least, or a well-known key prefix. */
    private static boolean keyLike(String value) {
        if (value.startsWith("sk-")
                || value.startsWith("ghp_")
                || value.startsWith("xox")
                || value.startsWith("AKIA")) {
            return true;
        }
        int letters = 0;
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (Character.isLetter(c)) {
                letters++;
            }
        }
        return letters >= 3 && digits >= 3;
    }

    /** Whether {@code text} gives anything away; the first kind found, else {@code null}. */
    public Kind find(CharSequence text) {
        List<Span> spans = spans(text);
        return spans.isEmpty() ? null : spans.get(0).kind();
    }

    /** The stretches of {@code text} to hide, in order, not overlapping. */
    public List<Span> spans(CharSequence text) {
        List<Span> spans = new ArrayList<>();
        String value = text.toString();
        occurrences(value, canary, Kind.CANARY, spans);
        for (String secret : secrets) {
            occurrences(value, secret, Kind.SECRET, spans);
        }
        if (echoWords > 0) {
            echoes(value, spans);
        }
        spans.sort(Comparator.comparingInt(Span::start));
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.start() <= last.end()) {
                merged.set(merged.size() - 1, new Span(last.start(), Math.max(last.end(), span.end()), last.kind()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /** {@code text} with every stretch to hide replaced by {@code [redacted]}. */
    public String redact(CharSequence text) {
        List<Span> spans = spans(text);
        if (spans.isEmpty()) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Span span : spans) {
            out.append(text, at, span.start()).append(OutputLeakGuard.REDACTED);
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Each occurrence of {@code needle}, ignoring case, not inside a longer word or number. */
    private static void occurrences(String text, String needle, Kind kind, List<Span> spans) {
        int n = needle.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, n)
                    && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                    && (i + n == text.length() || !Character.isLetterOrDigit(text.charAt(i + n)))) {
                spans.add(new Span(i, i + n, kind));
                i += n - 1;
            }
        }
    }

    /** Each run of {@code echoWords} words that the system prompts hold, as one stretch per run. */
    private void echoes(String text, List<Span> spans) {
        List<int[]> bounds = new ArrayList<>();
        List<String> words = new ArrayList<>();
        wordsWithBounds(text, words, bounds);
        int runStart = -1;
        int runEnd = -1;
        for (int i = 0; i + echoWords <= words.size(); i++) {
            if (!shingles.contains(hash(words, i, echoWords))) {
                continue;
            }
            int start = bounds.get(i)[0];
            int end = bounds.get(i + echoWords - 1)[1];
            if (runStart >= 0 && start <= runEnd) {
                runEnd = Math.max(runEnd, end);
            } else {
                if (runStart >= 0) {
                    spans.add(new Span(runStart, runEnd, Kind.SYSTEM_PROMPT));
                }
                runStart = start;
                runEnd = end;
            }
        }
        if (runStart >= 0) {
            spans.add(new Span(runStart, runEnd, Kind.SYSTEM_PROMPT));
        }
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        wordsWithBounds(text, words, new ArrayList<>());
        return words;
    }

    /** Words are runs of letters and digits, lower-cased: punctuation and spacing do not hide an echo. */
    private static void wordsWithBounds(String text, List<String> words, List<int[]> bounds) {
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                bounds.add(new int[] {start, i});
            }
        }
    }

    private static long hash(List<String> words, int from, int count) {
        long h = 1125899906842597L;
        for (int i = from; i < from + count; i++) {
            h = 31 * h + words.get(i).hashCode();
        }
        return h;
    }
}
