package dev.agentplatform.guard.internal;

import java.util.ArrayList;
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
    private static final String RULES = "(?:instructions?|prompts?|rules|directions|directives|commands?|"
            + "guidelines|tasks?|context|messages?|orders|constraints|restrictions|programming)";

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
                            + "[^.?!\\n]{0,20}?\\b" + PRIOR + "\\s+" + RULES + "\\b"),
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

    private static final Map<String, List<Named>> BY_TRIGGER = byTrigger();

    /** "Never reveal your system prompt" is a system prompt protecting itself, not an attack. */
    private static final Pattern NEGATION_BEFORE =
            Pattern.compile("\\b(?:never|not|don't|do not|must not|mustn't|nie|niemals|nicht)\\s+(?:\\w+\\s+)?$");

    private static boolean negatedBefore(String text, int matchStart) {
        int from = Math.max(0, matchStart - 24);
        return NEGATION_BEFORE.matcher(text.substring(from, matchStart)).find();
    }

    private static Map<String, List<Named>> byTrigger() {
        Map<String, List<Named>> byTrigger = new HashMap<>();
        for (Named named : PATTERNS) {
            for (String trigger : named.triggers()) {
                byTrigger.computeIfAbsent(trigger, t -> new ArrayList<>()).add(named);
            }
        }
        return Map.copyOf(byTrigger);
    }

    private InjectionPatterns() {}

    /** The name of the first pattern the (normalised) text matches. */
    public static Optional<String> firstMatch(String normalisedText) {
        int length = normalisedText.length();
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
            List<Named> candidates = BY_TRIGGER.get(normalisedText.substring(start, i));
            if (candidates == null) {
                continue;
            }
            for (Named named : candidates) {
                Matcher matcher = named.pattern().matcher(normalisedText);
                matcher.useTransparentBounds(true).useAnchoringBounds(false);
                matcher.region(Math.max(0, start - BEFORE), Math.min(length, i + AFTER));
                while (matcher.find()) {
                    if (!negatedBefore(normalisedText, matcher.start())) {
                        return Optional.of(named.name());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
