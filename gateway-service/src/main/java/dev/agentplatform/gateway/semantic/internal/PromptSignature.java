package dev.agentplatform.gateway.semantic.internal;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must agree between a query and a cached prompt besides their meaning in embedding space: the
 * numbers (digits, number words, ordinals), whether the prompt is negated, the named entities
 * (capitalised words that are not ordinary sentence openers, acronyms) and the units. Embeddings
 * place "17 times 23" and "17 times 24" almost on top of each other; this is what tells them apart.
 *
 * @param numbers the numbers, sorted, as plain decimal strings
 * @param negated whether the prompt contains a negation
 * @param entities the named entities, lower case, possessives removed
 * @param units the units, canonicalised ("kilometres" and "km" are the same)
 * @param content the content words, lower case, plural and verb endings off: every other word of
 *     three letters or more that is not a function word or part of a question's framing ("best way",
 *     "what is the purpose of")
 */
public record PromptSignature(
        List<String> numbers, boolean negated, Set<String> entities, Set<String> units, Set<String> content) {

    /** How the content words of two prompts relate. */
    public enum Content {
        /** The same content words: the prompts differ in framing and function words only. */
        SAME,
        /** Each has content words the other lacks: reworded, or about something else; the embedding judges. */
        REWORDED,
        /** One has content words the other lacks and not the other way round: a narrower or wider question. */
        ONE_SIDED
    }

    private static final Pattern TOKEN =
            Pattern.compile("\\d+(?:[.,]\\d+)*(?:st|nd|rd|th)?|[\\p{L}]+(?:['’][\\p{L}]+)*|[%$€£°]");

    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("zero", "0"),
            Map.entry("one", "1"),
            Map.entry("two", "2"),
            Map.entry("three", "3"),
            Map.entry("four", "4"),
            Map.entry("five", "5"),
            Map.entry("six", "6"),
            Map.entry("seven", "7"),
            Map.entry("eight", "8"),
            Map.entry("nine", "9"),
            Map.entry("ten", "10"),
            Map.entry("eleven", "11"),
            Map.entry("twelve", "12"),
            Map.entry("thirteen", "13"),
            Map.entry("fourteen", "14"),
            Map.entry("fifteen", "15"),
            Map.entry("sixteen", "16"),
            Map.entry("seventeen", "17"),
            Map.entry("eighteen", "18"),
            Map.entry("nineteen", "19"),
            Map.entry("twenty", "20"),
            Map.entry("thirty", "30"),
            Map.entry("forty", "40"),
            Map.entry("fifty", "50"),
            Map.entry("sixty", "60"),
            Map.entry("seventy", "70"),
            Map.entry("eighty", "80"),
            Map.entry("ninety", "90"),
            Map.entry("hundred", "100"),
            Map.entry("thousand", "1000"),
            Map.entry("million", "1000000"),
            Map.entry("billion", "1000000000"),
            Map.entry("dozen", "12"),
            Map.entry("first", "1"),
            Map.entry("second", "2"),
            Map.entry("third", "3"),
            Map.entry("fourth", "4"),
            Map.entry("fifth", "5"),
            Map.entry("sixth", "6"),
            Map.entry("seventh", "7"),
            Map.entry("eighth", "8"),
            Map.entry("ninth", "9"),
            Map.entry("tenth", "10"),
            Map.entry("half", "0.5"),
            Map.entry("twice", "2"),
            Map.entry("double", "2"),
            Map.entry("triple", "3"),
            Map.entry("quarter", "0.25"),
            Map.entry("eins", "1"),
            Map.entry("zwei", "2"),
            Map.entry("drei", "3"),
            Map.entry("vier", "4"),
            Map.entry("fünf", "5"),
            Map.entry("sechs", "6"),
            Map.entry("sieben", "7"),
            Map.entry("acht", "8"),
            Map.entry("neun", "9"),
            Map.entry("zehn", "10"));

    private static final Set<String> NEGATIONS = Set.of(
            "not",
            "no",
            "never",
            "none",
            "nobody",
            "nothing",
            "neither",
            "nor",
            "nowhere",
            "without",
            "cannot",
            "isn't",
            "aren't",
            "wasn't",
            "weren't",
            "don't",
            "doesn't",
            "didn't",
            "won't",
            "wouldn't",
            "can't",
            "couldn't",
            "shouldn't",
            "hasn't",
            "haven't",
            "hadn't",
            "mustn't",
            "nicht",
            "kein",
            "keine",
            "keinen",
            "keiner",
            "keines",
            "nie",
            "niemals",
            "ohne");

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("km", "km"),
            Map.entry("kilometer", "km"),
            Map.entry("kilometers", "km"),
            Map.entry("kilometre", "km"),
            Map.entry("kilometres", "km"),
            Map.entry("mile", "mi"),
            Map.entry("miles", "mi"),
            Map.entry("mi", "mi"),
            Map.entry("m", "m"),
            Map.entry("meter", "m"),
            Map.entry("meters", "m"),
            Map.entry("metre", "m"),
            Map.entry("metres", "m"),
            Map.entry("cm", "cm"),
            Map.entry("centimeter", "cm"),
            Map.entry("centimeters", "cm"),
            Map.entry("centimetres", "cm"),
            Map.entry("mm", "mm"),
            Map.entry("millimeters", "mm"),
            Map.entry("millimetres", "mm"),
            Map.entry("inch", "in"),
            Map.entry("inches", "in"),
            Map.entry("foot", "ft"),
            Map.entry("feet", "ft"),
            Map.entry("ft", "ft"),
            Map.entry("yard", "yd"),
            Map.entry("yards", "yd"),
            Map.entry("kg", "kg"),
            Map.entry("kilogram", "kg"),
            Map.entry("kilograms", "kg"),
            Map.entry("kilo", "kg"),
            Map.entry("kilos", "kg"),
            Map.entry("g", "g"),
            Map.entry("gram", "g"),
            Map.entry("grams", "g"),
            Map.entry("mg", "mg"),
            Map.entry("milligrams", "mg"),
            Map.entry("lb", "lb"),
            Map.entry("lbs", "lb"),
            Map.entry("pound", "lb"),
            Map.entry("pounds", "lb"),
            Map.entry("ounce", "oz"),
            Map.entry("ounces", "oz"),
            Map.entry("oz", "oz"),
            Map.entry("ton", "t"),
            Map.entry("tons", "t"),
            Map.entry("tonnes", "t"),
            Map.entry("l", "l"),
            Map.entry("liter", "l"),
            Map.entry("liters", "l"),
            Map.entry("litre", "l"),
            Map.entry("litres", "l"),
            Map.entry("ml", "ml"),
            Map.entry("milliliters", "ml"),
            Map.entry("millilitres", "ml"),
            Map.entry("gallon", "gal"),
            Map.entry("gallons", "gal"),
            Map.entry("cup", "cup"),
            Map.entry("cups", "cup"),
            Map.entry("celsius", "c"),
            Map.entry("fahrenheit", "f"),
            Map.entry("kelvin", "k"),
            Map.entry("°", "deg"),
            Map.entry("degrees", "deg"),
            Map.entry("%", "pct"),
            Map.entry("percent", "pct"),
            Map.entry("percentage", "pct"),
            Map.entry("$", "usd"),
            Map.entry("dollar", "usd"),
            Map.entry("dollars", "usd"),
            Map.entry("usd", "usd"),
            Map.entry("€", "eur"),
            Map.entry("euro", "eur"),
            Map.entry("euros", "eur"),
            Map.entry("eur", "eur"),
            Map.entry("£", "gbp"),
            Map.entry("gbp", "gbp"),
            Map.entry("yen", "jpy"),
            Map.entry("second", "s"),
            Map.entry("seconds", "s"),
            Map.entry("sec", "s"),
            Map.entry("minute", "min"),
            Map.entry("minutes", "min"),
            Map.entry("min", "min"),
            Map.entry("hour", "h"),
            Map.entry("hours", "h"),
            Map.entry("hr", "h"),
            Map.entry("hrs", "h"),
            Map.entry("day", "d"),
            Map.entry("days", "d"),
            Map.entry("week", "wk"),
            Map.entry("weeks", "wk"),
            Map.entry("month", "mo"),
            Map.entry("months", "mo"),
            Map.entry("year", "yr"),
            Map.entry("years", "yr"),
            Map.entry("kb", "kb"),
            Map.entry("mb", "mb"),
            Map.entry("gb", "gb"),
            Map.entry("tb", "tb"),
            Map.entry("kilobytes", "kb"),
            Map.entry("megabytes", "mb"),
            Map.entry("gigabytes", "gb"),
            Map.entry("terabytes", "tb"),
            Map.entry("bit", "bit"),
            Map.entry("bits", "bit"),
            Map.entry("byte", "byte"),
            Map.entry("bytes", "byte"),
            Map.entry("mph", "mph"),
            Map.entry("kmh", "kmh"),
            Map.entry("kph", "kmh"),
            Map.entry("hz", "hz"),
            Map.entry("ghz", "ghz"),
            Map.entry("mhz", "mhz"),
            Map.entry("watt", "w"),
            Map.entry("watts", "w"),
            Map.entry("kw", "kw"),
            Map.entry("kwh", "kwh"),
            Map.entry("volt", "v"),
            Map.entry("volts", "v"),
            Map.entry("calorie", "kcal"),
            Map.entry("calories", "kcal"),
            Map.entry("kcal", "kcal"),
            Map.entry("acre", "acre"),
            Map.entry("acres", "acre"),
            Map.entry("hectare", "ha"),
            Map.entry("hectares", "ha"));

    /**
     * Capitalised words that open or fill ordinary sentences; a capital on them says nothing about a
     * name. Everything else written with a capital is taken as a name.
     */
    private static final Set<String> NOT_NAMES = Set.copyOf(List.of(
            "what",
            "what's",
            "whats",
            "which",
            "who",
            "who's",
            "whom",
            "whose",
            "how",
            "how's",
            "why",
            "when",
            "where",
            "where's",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "am",
            "do",
            "does",
            "did",
            "can",
            "could",
            "would",
            "should",
            "shall",
            "will",
            "may",
            "might",
            "must",
            "have",
            "has",
            "had",
            "i",
            "i'm",
            "i've",
            "i'd",
            "you",
            "your",
            "we",
            "our",
            "they",
            "their",
            "he",
            "she",
            "it",
            "its",
            "it's",
            "my",
            "me",
            "us",
            "the",
            "a",
            "an",
            "this",
            "that",
            "these",
            "those",
            "there",
            "there's",
            "here",
            "in",
            "on",
            "at",
            "for",
            "from",
            "to",
            "of",
            "by",
            "with",
            "about",
            "as",
            "if",
            "and",
            "or",
            "but",
            "so",
            "then",
            "please",
            "pls",
            "explain",
            "tell",
            "give",
            "list",
            "name",
            "describe",
            "write",
            "show",
            "define",
            "summarise",
            "summarize",
            "compare",
            "calculate",
            "compute",
            "convert",
            "find",
            "help",
            "translate",
            "suggest",
            "recommend",
            "create",
            "make",
            "generate",
            "provide",
            "could",
            "any",
            "some",
            "all",
            "each",
            "every",
            "many",
            "much",
            "most",
            "more",
            "less",
            "few",
            "other",
            "another",
            "also",
            "just",
            "only",
            "very",
            "really",
            "quick",
            "quickly",
            "briefly",
            "in",
            "hey",
            "hi",
            "hello",
            "ok",
            "okay",
            "yes",
            "now",
            "today",
            "tomorrow",
            "yesterday",
            "should",
            "between",
            "after",
            "before",
            "during",
            "roughly",
            "approximately",
            "exactly",
            "best",
            "good",
            "top",
            "new",
            "old",
            "simple",
            "short",
            "long",
            "like",
            "using",
            "use",
            "via",
            "into",
            "over",
            "under",
            "per",
            "than",
            "not",
            "no",
            "never",
            "without",
            "don't",
            "doesn't",
            "isn't",
            "aren't",
            "can't",
            "won't",
            "didn't",
            "wasn't",
            "let",
            "let's",
            "need",
            "want",
            "looking",
            "am",
            "kindly",
            "quickly",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "first",
            "second",
            "third",
            "wie",
            "was",
            "wer",
            "wo",
            "warum",
            "welche",
            "welcher",
            "welches",
            "ist",
            "sind",
            "der",
            "die",
            "das",
            "ein",
            "eine",
            "ich",
            "du",
            "sie",
            "wir",
            "bitte",
            "erkläre",
            "gib",
            "nenne",
            "schreibe",
            "kannst",
            "kann"));

    /**
     * Words that frame a question rather than say what it is about: paraphrases differ in them
     * ("What is the best way to learn French?" / "How do I learn French?", "What is the purpose of a
     * firewall?" / "What does a firewall do?").
     */
    private static final Set<String> FRAMING = Set.copyOf(List.of(
            "best",
            "way",
            "ways",
            "far",
            "good",
            "easiest",
            "easy",
            "simplest",
            "possible",
            "know",
            "want",
            "need",
            "like",
            "someone",
            "something",
            "thing",
            "things",
            "actually",
            "exactly",
            "get",
            "got",
            "go",
            "going",
            "one",
            "ones",
            "does",
            "did",
            "doing",
            "done",
            "able",
            "the",
            "and",
            "for",
            "with",
            "into",
            "than",
            "there",
            "them",
            "their",
            "they",
            "this",
            "that",
            "these",
            "those",
            "you",
            "yours",
            "ours",
            "his",
            "her",
            "hers",
            "its",
            "from",
            "anyone",
            "somebody",
            "people",
            "person",
            "kind",
            "type",
            "difference",
            "differ",
            "different",
            "mean",
            "means",
            "meaning",
            "purpose",
            "role",
            "job",
            "function",
            "reason",
            "cause",
            "causes",
            "make",
            "makes",
            "made",
            "work",
            "works",
            "happen",
            "happens",
            "method",
            "steps",
            "step",
            "city",
            "eigentlich",
            "der",
            "die",
            "das",
            "den",
            "dem",
            "des",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "und",
            "oder",
            "ist",
            "sind",
            "war",
            "wie",
            "was",
            "wer",
            "warum",
            "welche",
            "welcher",
            "welches",
            "mit",
            "für",
            "von",
            "auf",
            "aus",
            "bei",
            "ich",
            "sie",
            "wir",
            "ihr",
            "man",
            "kann",
            "können",
            "mir",
            "mich",
            "dir",
            "dich",
            "bitte",
            "gibt",
            "geben",
            "zum",
            "zur",
            "beste",
            "besten"));

    /** The signature of a prompt. */
    public static PromptSignature of(String prompt) {
        String text = Normalizer.normalize(prompt, Normalizer.Form.NFKC);
        List<String> numbers = new ArrayList<>();
        Set<String> entities = new TreeSet<>();
        Set<String> units = new TreeSet<>();
        Set<String> content = new TreeSet<>();
        boolean negated = false;
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            String token = matcher.group();
            String lower = token.toLowerCase(Locale.ROOT).replace('’', '\'');
            char first = token.charAt(0);
            if (Character.isDigit(first)) {
                numbers.add(number(token));
                continue;
            }
            String numberWord = NUMBER_WORDS.get(lower);
            if (numberWord != null) {
                numbers.add(numberWord);
                continue;
            }
            if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                negated = true;
                continue;
            }
            String unit = UNITS.get(lower);
            if (unit != null && !(lower.length() == 1 && Character.isUpperCase(first) && !"°".equals(token))) {
                units.add(unit);
                continue;
            }
            String word = lower.endsWith("'s") ? lower.substring(0, lower.length() - 2) : lower;
            if ((Character.isUpperCase(first) || isAcronym(token))
                    && !NOT_NAMES.contains(lower)
                    && !NOT_NAMES.contains(word)) {
                entities.add(word);
                continue;
            }
            if (word.length() >= 3 && !NOT_NAMES.contains(word) && !FRAMING.contains(word)) {
                content.add(stem(word));
            }
        }
        Collections.sort(numbers);
        return new PromptSignature(
                List.copyOf(numbers), negated, Set.copyOf(entities), Set.copyOf(units), Set.copyOf(content));
    }

    /** Plural and verb endings off, so "languages" meets "language" and "calculated" meets "calculate". */
    static String stem(String word) {
        String stem = word;
        if (stem.length() > 5 && stem.endsWith("ing")) {
            stem = stem.substring(0, stem.length() - 3);
        } else if (stem.length() > 4 && stem.endsWith("ies")) {
            stem = stem.substring(0, stem.length() - 3) + "y";
        } else if (stem.length() > 4 && stem.endsWith("ed")) {
            stem = stem.substring(0, stem.length() - 2);
        } else if (stem.length() > 3 && stem.endsWith("s") && !stem.endsWith("ss")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        if (stem.length() > 4 && stem.endsWith("e")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }

    /** How this prompt's content words relate to the other's. */
    public Content contentAgainst(PromptSignature other) {
        boolean thisHasMore = !other.content.containsAll(content);
        boolean otherHasMore = !content.containsAll(other.content);
        if (thisHasMore && otherHasMore) {
            return Content.REWORDED;
        }
        return thisHasMore || otherHasMore ? Content.ONE_SIDED : Content.SAME;
    }

    private static boolean isAcronym(String token) {
        return token.length() >= 2 && token.chars().allMatch(Character::isUpperCase);
    }

    private static String number(String token) {
        String digits = token.replaceAll("(st|nd|rd|th)$", "");
        // "1,000" and "1.000" as thousands, "3,5" as a decimal comma, "3.5" as a decimal point
        if (digits.matches("\\d{1,3}([,.]\\d{3})+")) {
            digits = digits.replaceAll("[,.]", "");
        } else {
            digits = digits.replace(',', '.');
        }
        try {
            return new BigDecimal(digits).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return digits;
        }
    }

    /**
     * Whether a cached prompt with this signature may answer a query with the other one: the same
     * numbers, negation, entities and units, and not one of them a narrower or wider question than the
     * other ({@link Content#ONE_SIDED}: "How do I reset my router?" / "How do I reset my router
     * password?").
     */
    public boolean agreesWith(PromptSignature other) {
        return numbers.equals(other.numbers)
                && negated == other.negated
                && entities.equals(other.entities)
                && units.equals(other.units)
                && contentAgainst(other) != Content.ONE_SIDED;
    }
}
