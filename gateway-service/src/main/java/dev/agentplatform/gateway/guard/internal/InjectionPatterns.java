package dev.agentplatform.gateway.guard.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The classic injection phrasings, English and German: instructions to drop earlier instructions,
 * to reveal the system prompt, role-play jailbreaks (DAN, developer mode). Each one alone is enough
 * to block; subtler attacks are left to the classifier.
 */
public final class InjectionPatterns {

    private record Named(String name, Pattern pattern) {}

    private static final String PRIOR = "(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+|any\\s+)?"
            + "(?:previous|prior|preceding|earlier|above|foregoing|former|original|initial|system|old)";
    private static final String RULES = "(?:instructions?|prompts?|rules|directions|directives|commands?|"
            + "guidelines|tasks?|context|messages?|orders|constraints|restrictions|programming)";

    private static final List<Named> PATTERNS = List.of(
            named(
                    "ignore-previous",
                    "\\b(?:ignore|disregard|forget|skip|override|bypass|drop|abandon|discard|neglect)\\b"
                            + "[^.?!\\n]{0,20}?\\b" + PRIOR + "\\s+" + RULES + "\\b"),
            named(
                    "ignore-everything",
                    "\\b(?:ignore|disregard|forget)\\s+(?:about\\s+)?(?:everything|all(?:\\s+that)?|"
                            + "what\\s+(?:i|you)\\s+(?:said|told|were\\s+told|have\\s+been\\s+told))"
                            + "(?:\\s+(?:above|before|previously|so\\s+far|earlier))?\\b"),
            named("new-instructions", "\\b(?:your|the)\\s+new\\s+(?:instructions?|task|role|rules)\\s+(?:is|are)\\b"),
            named(
                    "reveal-system-prompt",
                    "\\b(?:reveal|print|show|display|output|repeat|leak|tell\\s+me|give\\s+me|write\\s+out|dump)\\b"
                            + "[^.?!\\n]{0,25}?\\b(?:system|initial|hidden|secret|original)\\s+"
                            + "(?:prompt|instructions?|message|rules)\\b"),
            named("prompt-texts", "\\b(?:all\\s+)?your\\s+(?:prompt\\s+texts?|instructions\\s+verbatim)\\b"),
            named(
                    "dan",
                    "\\b(?:you\\s+are\\s+(?:now\\s+)?|act\\s+as\\s+|pretend\\s+to\\s+be\\s+)(?:a\\s+)?dan\\b|"
                            + "\\bdo\\s+anything\\s+now\\b"),
            named("developer-mode", "\\b(?:developer|dev|god|debug|sudo|jailbreak|unrestricted)\\s+mode\\b"),
            named("jailbreak", "\\bjail\\s*break(?:ing|ed)?\\b"),
            named(
                    "no-restrictions",
                    "\\b(?:without|no|free\\s+(?:of|from))\\s+(?:any\\s+)?(?:restrictions|filters|"
                            + "censorship|guidelines|limitations|rules)\\b[^.?!\\n]{0,40}\\b(?:respond|answer|"
                            + "act|reply|you\\s+(?:can|will|must))\\b|\\byou\\s+are\\s+(?:now\\s+)?(?:free|freed|"
                            + "unbound|unfiltered|uncensored)\\b"),
            named(
                    "de-ignore",
                    "\\b(?:ignorier(?:e|en|t)?|vergiss|vergessen\\s+sie|missachte|übergehe|uberge?he)\\b"
                            + "[^.?!\\n]{0,40}?\\b(?:alle[ns]?|vorherige[nr]?|bisherige[nr]?|obige[nr]?|"
                            + "vorangegangene[nr]?|frühere[nr]?)\\b"),
            named(
                    "de-instructions",
                    "\\b(?:alle[ns]?\\s+)?(?:vorherigen?|bisherigen?|obigen?|vorangegangenen?|früheren?)\\s+"
                            + "(?:anweisungen|anweisung|instruktionen|aufgaben|befehle|informationen|regeln)\\b"
                            + "[^.?!\\n]{0,40}?\\b(?:ignorier|vergiss|vergessen|irrelevant|ungültig|hinfällig|"
                            + "nicht\\s+mehr)"),
            named(
                    "de-system-prompt",
                    "\\b(?:zeige?|gib|nenne|verrate|drucke|schreibe?)\\b[^.?!\\n]{0,30}?"
                            + "\\b(?:system-?prompt|systemanweisungen|deine[nr]?\\s+(?:prompt|anweisungen))"),
            named("de-now-you-are", "\\b(?:du\\s+bist\\s+(?:jetzt|nun|ab\\s+sofort)|ab\\s+jetzt\\s+bist\\s+du)\\b"));

    private static Named named(String name, String regex) {
        return new Named(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    private InjectionPatterns() {}

    /** The name of the first pattern the (normalised) text matches. */
    public static Optional<String> firstMatch(String normalisedText) {
        for (Named named : PATTERNS) {
            if (named.pattern().matcher(normalisedText).find()) {
                return Optional.of(named.name());
            }
        }
        return Optional.empty();
    }
}
