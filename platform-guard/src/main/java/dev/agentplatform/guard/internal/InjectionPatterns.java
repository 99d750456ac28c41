package dev.agentplatform.guard.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic injection phrasings, English and German (the "forget everything" kind also in Spanish,
 * French, Italian, Portuguese, Dutch and Russian): instructions to drop earlier instructions
 * (also "disregard the above and ..."), to reveal the system prompt or a guarded secret (an admin
 * API key, the stored passwords), role-play jailbreaks (DAN, developer mode, "you are an unfiltered
 * AI"). Each one alone is enough to block; subtler attacks are left to the classifier.
 */
public final class InjectionPatterns {

    /**
     * A pattern and the words of which at least one must occur in any text it matches: the pattern
     * runs only in a window around such a word, so a long prompt costs a word scan, not 15 regex
     * scans.
     */
    private record Named(String name, Pattern pattern, Set<String> triggers) {}

    /** Characters around a trigger word a match can span (the patterns' gaps are bounded). */
    private static final int BEFORE = 160;

    private static final int AFTER = 200;

    private static final String PRIOR = "(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+|any\\s+)?"
            + "(?:previous|prior|preceding|earlier|above|foregoing|former|original|initial|system|old)";
    /** "previous and following instructions" (PromptInject's phrasing): later instructions named too. */
    private static final String AND_LATER =
            "(?:\\s+(?:and|or|&)\\s+(?:the\\s+)?(?:following|subsequent|later|future|next))?";

    private static final String RULES = "(?:instructions?|prompts?|rules|directions|directives|commands?|"
            + "guidelines|tasks?|context|messages?|orders|constraints|restrictions|programming)";

    private static final String FIRST = "(?:system|initial|hidden|secret|original|starting|first|underlying)";

    private static final List<Named> PATTERNS = List.of(
            named(
                    "ignore-previous",
                    Set.of(
                            "ignore",
                            "ignoring",
                            "disregard",
                            "forget",
                            "skip",
                            "override",
                            "bypass",
                            "drop",
                            "abandon",
                            "discard",
                            "neglect"),
                    "\\b(?:ignore|disregard|forget|skip|override|bypass|drop|abandon|discard|neglect)\\b"
                            + "[^.?!\\n]{0,20}?\\b" + PRIOR + AND_LATER + "\\s+" + RULES + "\\b"),
            named(
                    "ignore-everything",
                    Set.of("ignore", "disregard", "forget"),
                    "\\b(?:ignore|disregard|forget)\\s+(?:about\\s+)?(?:everything|all(?:\\s+that)?|"
                            + "what\\s+(?:i|you)\\s+(?:said|told|were\\s+told|have\\s+been\\s+told))"
                            + "(?:\\s+(?:above|before|previously|so\\s+far|earlier))?\\b"),
            named(
                    // "disregard the above and ...": the earlier text named without a noun, then a new order
                    "ignore-above",
                    Set.of("ignore", "disregard", "forget"),
                    "\\b(?:ignore|disregard|forget)\\s+(?:all\\s+(?:of\\s+)?)?(?:the\\s+|everything\\s+)?"
                            + "(?:above|preceding|foregoing|previous|prior|earlier)"
                            + "(?:\\s+(?:text|content|lines?|input|ones?))?\\s*(?:[.,;:!]|and\\b|then\\b|$)"),
            named(
                    "new-instructions",
                    Set.of("new"),
                    "\\b(?:your|the)\\s+new\\s+(?:instructions?|task|role|rules)\\s+(?:is|are)\\b"),
            named(
                    "reveal-system-prompt",
                    Set.of("prompt", "instruction", "instructions", "message", "rules"),
                    "\\b(?:reveal|print|show|display|output|repeat|leak|tell\\s+me|give\\s+me|write\\s+out|dump)\\b"
                            + "[^.?!\\n]{0,25}?\\b(?:system|initial|hidden|secret|original)\\s+"
                            + "(?:prompt|instructions?|message|rules)\\b"),
            named(
                    // the model's own instructions asked for by "your" and a word for the first ones, also
                    // re-encoded ("encode / translate your system prompt") or asked outright
                    "leak-your-prompt",
                    Set.of("prompt", "instruction", "instructions", "message", "rules", "configuration"),
                    "\\b(?:reveal|print|show|display|output|repeat|leak|dump|encode|translate|summari[sz]e|"
                            + "recite|spell\\s+out|paste|copy|write\\s+out|tell\\s+me|give\\s+me)\\b[^.?!\\n]{0,25}?"
                            + "\\byour\\s+(?:(?:full|entire|exact|complete|whole)\\s+)?" + FIRST
                            + "\\s+(?:prompt|instructions?|message|rules|configuration)\\b|"
                            + "\\bwhat\\s+(?:are|were|is)\\s+your\\s+(?:(?:exact|full|entire|complete)\\s+)?"
                            + FIRST + "\\s+(?:prompt|instructions?|rules|message)\\b"),
            named(
                    "prompt-texts",
                    Set.of("texts", "text", "verbatim"),
                    "\\b(?:all\\s+)?your\\s+(?:prompt\\s+texts?|instructions\\s+verbatim)\\b"),
            named(
                    "dan",
                    Set.of("dan", "anything"),
                    "\\b(?:you\\s+are\\s+(?:now\\s+)?|act\\s+as\\s+|pretend\\s+to\\s+be\\s+)(?:a\\s+)?dan\\b|"
                            + "\\bdo\\s+anything\\s+now\\b"),
            named(
                    // a secret asked for by what guards it (admin, root, stored, your ...), not a password field
                    "reveal-secret",
                    // triggered by the noun: the verbs ("tell", "show", "list") are too common to scan around
                    Set.of(
                            "key",
                            "keys",
                            "apikey",
                            "apikeys",
                            "password",
                            "passwords",
                            "credentials",
                            "token",
                            "tokens",
                            "secrets"),
                    "\\b(?:print|reveal|show|display|output|leak|dump|tell|give|send|expose|share|list)\\s+"
                            + "(?:me\\s+|us\\s+)?(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|any\\s+)?"
                            + "(?:stored\\s+|saved\\s+)?(?:admin(?:istrator)?|root|master|secret|private|internal|"
                            + "stored|system|your)\\s+(?:api[\\s_-]?keys?|passwords?|credentials|access\\s+tokens?|"
                            + "auth(?:entication)?\\s+tokens?|secrets)\\b"),
            named(
                    "developer-mode",
                    Set.of("mode"),
                    "\\b(?:developer|dev|god|debug|sudo|jailbreak|unrestricted)\\s+mode\\b"),
            named(
                    "jailbreak",
                    Set.of("jailbreak", "jailbreaking", "jailbreaked", "jailbroken", "jail"),
                    "\\bjail\\s*break(?:ing|ed)?\\b"),
            named(
                    "no-restrictions",
                    Set.of(
                            "restrictions",
                            "filters",
                            "censorship",
                            "guidelines",
                            "limitations",
                            "rules",
                            "free",
                            "freed",
                            "unbound",
                            "unfiltered",
                            "uncensored",
                            "unrestricted"),
                    "\\b(?:without|no|free\\s+(?:of|from))\\s+(?:any\\s+)?(?:restrictions|filters|"
                            + "censorship|guidelines|limitations|rules)\\b[^.?!\\n]{0,40}\\b(?:respond|answer|"
                            + "act|reply|you\\s+(?:can|will|must))\\b|\\byou\\s+are\\s+(?:now\\s+)?(?:free|freed|"
                            + "(?:an?\\s+)?(?:unbound|unfiltered|uncensored|unrestricted))\\b"),
            named(
                    "de-ignore",
                    Set.of(
                            "ignoriere",
                            "ignorieren",
                            "ignoriert",
                            "ignorier",
                            "vergiss",
                            "vergessen",
                            "missachte",
                            "übergehe",
                            "ubergehe"),
                    "\\b(?:ignorier(?:e|en|t)?|vergiss|vergessen\\s+sie|missachte|übergehe|uberge?he)\\b"
                            + "[^.?!\\n]{0,40}?\\b(?:alle[ns]?|vorherige[nr]?|bisherige[nr]?|obige[nr]?|"
                            + "vorangegangene[nr]?|frühere[nr]?)\\b"),
            named(
                    "de-instructions",
                    Set.of(
                            "anweisungen",
                            "anweisung",
                            "instruktionen",
                            "aufgaben",
                            "befehle",
                            "informationen",
                            "regeln"),
                    "\\b(?:alle[ns]?\\s+)?(?:vorherigen?|bisherigen?|obigen?|vorangegangenen?|früheren?)\\s+"
                            + "(?:anweisungen|anweisung|instruktionen|aufgaben|befehle|informationen|regeln)\\b"
                            + "[^.?!\\n]{0,40}?\\b(?:ignorier|vergiss|vergessen|irrelevant|ungültig|hinfällig|"
                            + "nicht\\s+mehr)"),
            named(
                    "de-system-prompt",
                    Set.of("system", "systemprompt", "systemanweisungen", "prompt", "anweisungen"),
                    "\\b(?:zeige?|gib|nenne|verrate|drucke|schreibe?)\\b[^.?!\\n]{0,30}?"
                            + "\\b(?:system-?prompt|systemanweisungen|deine[nr]?\\s+(?:prompt|anweisungen))"),
            // "forget / ignore everything (all instructions)" in the other languages translated attack
            // templates come in; "don't forget ..." (no, n'... pas, non, não, niet, не) does not count
            forgetAll(
                    "es-ignore",
                    "(?<!\\bno\\s)",
                    List.of("ignora", "ignorad", "olvida", "olvidad", "olvide", "descarta", "omite"),
                    "",
                    "todo|todas\\s+las|todos\\s+los|las\\s+instrucciones|lo\\s+anterior|"
                            + "lo\\s+que\\s+(?:te\\s+)?(?:dije|he\\s+dicho)"),
            forgetAll(
                    "fr-ignore",
                    "(?<!\\bn['’])(?<!\\bj['’])(?<!\\bje\\s)",
                    List.of("ignorez", "oubliez", "oublie"),
                    "(?!\\s+pas\\b)",
                    "tout|toutes\\s+les|tous\\s+les|les\\s+instructions|les\\s+consignes|ce\\s+qui\\s+précède"),
            forgetAll(
                    "it-ignore",
                    "(?<!\\bnon\\s)",
                    List.of("ignora", "ignorate", "dimentica", "dimenticate"),
                    "",
                    "tutto|tutte\\s+le|tutti\\s+i|le\\s+istruzioni"),
            forgetAll(
                    "pt-ignore",
                    "(?<!\\bnão\\s)(?<!\\bnao\\s)",
                    List.of("esqueça", "esqueca", "esquece", "esqueçam", "ignore", "ignora"),
                    "",
                    "tudo|todas\\s+as|todos\\s+os|as\\s+instruções|as\\s+instrucoes"),
            forgetAll(
                    "nl-ignore",
                    "",
                    List.of("negeer", "vergeet"),
                    "(?!\\s+niet\\b)",
                    "alles|alle\\s+(?:(?:vorige|eerdere|voorgaande)\\s+)?(?:instructies|opdrachten)|"
                            + "de\\s+(?:vorige|eerdere|voorgaande)\\s+(?:instructies|opdrachten)"),
            forgetAll(
                    "ru-ignore",
                    "(?<!\\bне\\s)",
                    List.of("игнорируй", "игнорируйте", "проигнорируй", "проигнорируйте", "забудь", "забудьте"),
                    "",
                    "все|всё|предыдущие|инструкции|указания"),
            named(
                    "de-now-you-are",
                    Set.of("du"),
                    "\\b(?:du\\s+bist\\s+(?:jetzt|nun|ab\\s+sofort)|ab\\s+jetzt\\s+bist\\s+du)\\b"));

    /**
     * "Forget / ignore everything" in one language: one of {@code verbs} (imperatives, each a trigger
     * word) not preceded by {@code notBefore} nor followed by {@code notAfter} (negative lookarounds for
     * "don't forget"), at most two words, then one of {@code objects} ("all", "everything", "the
     * instructions").
     */
    private static Named forgetAll(String name, String notBefore, List<String> verbs, String notAfter, String objects) {
        return named(
                name,
                Set.copyOf(verbs),
                notBefore + "\\b(?:" + String.join("|", verbs) + ")\\b" + notAfter + "\\s+(?:\\S+\\s+){0,2}?(?:"
                        + objects + ")\\b");
    }

    private static Named named(String name, Set<String> triggers, String regex) {
        return new Named(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), triggers);
    }

    private static final Map<String, List<Integer>> BY_TRIGGER = byTrigger();

    /** "Never reveal your system prompt" is a system prompt protecting itself, not an attack. */
    private static final Pattern NEGATION_BEFORE =
            Pattern.compile("\\b(?:never|not|don't|do not|must not|mustn't|nie|niemals|nicht)\\s+(?:\\w+\\s+)?$");

    private static boolean negatedBefore(String text, int matchStart) {
        int from = Math.max(0, matchStart - 24);
        return NEGATION_BEFORE.matcher(text.substring(from, matchStart)).find();
    }

    /** Trigger word to the indices (in {@link #PATTERNS}) of the patterns it triggers. */
    private static Map<String, List<Integer>> byTrigger() {
        Map<String, List<Integer>> byTrigger = new HashMap<>();
        for (int p = 0; p < PATTERNS.size(); p++) {
            for (String trigger : PATTERNS.get(p).triggers()) {
                byTrigger.computeIfAbsent(trigger, t -> new ArrayList<>()).add(p);
            }
        }
        return Map.copyOf(byTrigger);
    }

    private InjectionPatterns() {}

    /**
     * The name of the first pattern the (normalised) text matches. Every match of a pattern holds one
     * of its trigger words, so a pattern runs only over the windows around its trigger words; windows
     * of one pattern that overlap are merged and scanned once (a text dense with trigger words, such
     * as a long prompt about prompts, costs one pass per pattern, not one per word), in the order the
     * patterns' first trigger words occur. Whether a text matches does not depend on the merging; in a
     * long text several patterns match, the one named may be another of them than the one whose
     * trigger word comes first.
     */
    public static Optional<String> firstMatch(String normalisedText) {
        int length = normalisedText.length();
        int count = PATTERNS.size();
        // per pattern, the span still to scan (to < 0: none) and when it was opened
        int[] from = new int[count];
        int[] to = new int[count];
        int[] opened = new int[count];
        Arrays.fill(to, -1);
        int sequence = 0;
        int i = 0;
        while (i < length) {
            while (i < length && !Character.isLetter(normalisedText.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && Character.isLetter(normalisedText.charAt(i))) {
                i++;
            }
            if (start == i || i - start > 20) {
                continue;
            }
            List<Integer> candidates = BY_TRIGGER.get(normalisedText.substring(start, i));
            if (candidates == null) {
                continue;
            }
            int windowFrom = Math.max(0, start - BEFORE);
            int windowTo = Math.min(length, i + AFTER);
            for (int p : candidates) {
                if (to[p] >= windowFrom) {
                    to[p] = windowTo;
                    continue;
                }
                if (to[p] >= 0 && matches(PATTERNS.get(p), normalisedText, from[p], to[p])) {
                    return Optional.of(PATTERNS.get(p).name());
                }
                from[p] = windowFrom;
                to[p] = windowTo;
                opened[p] = sequence++;
            }
        }
        Integer[] pending = new Integer[count];
        for (int p = 0; p < count; p++) {
            pending[p] = p;
        }
        Arrays.sort(pending, Comparator.comparingInt(p -> opened[p]));
        for (int p : pending) {
            if (to[p] >= 0 && matches(PATTERNS.get(p), normalisedText, from[p], to[p])) {
                return Optional.of(PATTERNS.get(p).name());
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Named named, String text, int from, int to) {
        Matcher matcher = named.pattern().matcher(text);
        matcher.useTransparentBounds(true).useAnchoringBounds(false);
        matcher.region(from, to);
        while (matcher.find()) {
            if (!negatedBefore(text, matcher.start())) {
                return true;
            }
        }
        return false;
    }
}
