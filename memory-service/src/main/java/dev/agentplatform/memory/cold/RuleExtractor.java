package dev.agentplatform.memory.cold;

import dev.agentplatform.memory.cold.Extraction.Entity;
import dev.agentplatform.memory.cold.Extraction.Fact;
import dev.agentplatform.memory.cold.Extraction.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads entities and facts out of a message with rules over its text, no model: deterministic, fast
 * (well under a millisecond per message) and always available, so the COLD tier works with no LLM
 * configured. First-person words are the speaker ({@code I}, {@code my}, {@code me} become the
 * message's name), then, per sentence:
 *
 * <ul>
 *   <li>names: runs of capitalised words (a sentence's first word only when it is not a common
 *       word), typed as dates (months, weekdays), organisations (by their last word: "University",
 *       "Inc", ...), places (after "in", "to", "from", "near", "visit"), otherwise people;
 *   <li>kinship and roles: "X is Y's sister", "Y's sister X", "my sister X" → {@code X sister_of Y};
 *   <li>what someone is: "X is a nurse" → {@code X is_a nurse};
 *   <li>where and for whom: "X moved to Y" and "X lives in Y" → {@code lives_in}, "X is from Y" →
 *       {@code from}, "X works at Y" → {@code works_at}, "X married Y" → {@code married_to}, each
 *       functional (a new one ends the old one);
 *   <li>subject-verb-object: "X adopted a cat", "I went to the museum" → {@code adopted},
 *       {@code went_to}, the object a thing unless it is a name;
 *   <li>every other name the sentence holds: {@code speaker mentioned name}.
 * </ul>
 *
 * A date phrase of the sentence ("last Saturday", "in 2022") is kept as the fact's {@code when}.
 */
public final class RuleExtractor implements Extractor {

    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    /** A name: capitalised words, possibly joined by a short lower-case particle. */
    private static final String NAME =
            "([A-Z][\\p{L}\\d’'-]*(?:\\s+(?:of|the|de|del|da|van|von|and)?\\s*[A-Z][\\p{L}\\d’'-]*)*)";

    private static final String RELATION_WORDS =
            "sister|brother|mother|mom|mum|father|dad|son|daughter|wife|husband|partner|boyfriend|girlfriend"
                    + "|fiance|fiancee|friend|best friend|cousin|aunt|uncle|niece|nephew|grandmother|grandma"
                    + "|grandfather|grandpa|grandson|granddaughter|boss|colleague|coworker|co-worker|neighbor"
                    + "|neighbour|roommate|mentor|teacher|student|coach|dog|cat|puppy|kitten|pet|horse|bird";
    private static final String RELATION = "(" + RELATION_WORDS + ")";

    private static final String ADVERBS =
            "(?:(?:have|has|had|just|recently|finally|also|really|actually|already|eventually|then|once|even|"
                    + "did|do|does|will|would|'ve|’ve|am|is|was|were|are|been|being|got|gonna|going to)\\s+)*";

    private static final List<Pattern> IS_RELATION_OF = List.of(
            // X is Y's sister  /  X is the sister of Y
            Pattern.compile(NAME + "\\s+(?:is|was|has been)\\s+" + NAME + "['’]s\\s+" + RELATION + "\\b"),
            Pattern.compile(NAME + "\\s+(?:is|was)\\s+the\\s+" + RELATION + "\\s+of\\s+" + NAME));
    // Y's sister X  /  Y's sister, X  /  Y's sister is X  /  Y's sister is called X
    private static final Pattern OWNER_RELATION_NAME = Pattern.compile(NAME + "['’]s\\s+(?:new\\s+|little\\s+|big\\s+|"
            + "older\\s+|younger\\s+|oldest\\s+|youngest\\s+)?" + RELATION
            + "(?:,|\\s+(?:is|was)\\s+(?:called|named)?|\\s+(?:called|named))?\\s+" + NAME);

    /** "X is a nurse", "I am an artist": what someone is. */
    private static final Pattern IS_A =
            Pattern.compile(NAME + "\\s+(?:is|am|was|'m|’m)\\s+(?:a|an)\\s+([a-z]+(?:\\s+[a-z]+)?)\\b");

    private record Rule(Pattern pattern, String predicate, boolean functional, Type objectType) {}

    private static final List<Rule> RULES = List.of(
            new Rule(
                    Pattern.compile(NAME + "\\s+" + ADVERBS
                            + "(?:moved|moving|relocated|relocating|move)\\s+(?:back\\s+)?(?:to|into)\\s+" + NAME),
                    "lives_in",
                    true,
                    Type.PLACE),
            new Rule(
                    Pattern.compile(NAME + "\\s+" + ADVERBS + "(?:lives?|living|settled)\\s+in\\s+" + NAME),
                    "lives_in",
                    true,
                    Type.PLACE),
            new Rule(
                    Pattern.compile(
                            NAME + "\\s+" + ADVERBS + "(?:originally\\s+)?(?:from|grew up in|born in)\\s+" + NAME),
                    "from",
                    true,
                    Type.PLACE),
            new Rule(
                    Pattern.compile(NAME + "\\s+" + ADVERBS
                            + "(?:works?|worked|working|employed|got a job|started a (?:new )?job|"
                            + "joined|hired)\\s+(?:at|for|by|with)?\\s*" + NAME),
                    "works_at",
                    true,
                    Type.ORGANIZATION),
            new Rule(
                    Pattern.compile(NAME + "\\s+" + ADVERBS + "(?:married|married to|engaged to)\\s+" + NAME),
                    "married_to",
                    true,
                    Type.PERSON));

    /** Verbs read as the predicate of a subject-verb-object fact besides any word ending in -ed. */
    private static final Set<String> VERBS = words(
            "went",
            "go",
            "goes",
            "bought",
            "buy",
            "got",
            "get",
            "made",
            "make",
            "took",
            "take",
            "ran",
            "run",
            "read",
            "wrote",
            "write",
            "saw",
            "see",
            "met",
            "meet",
            "won",
            "win",
            "lost",
            "lose",
            "gave",
            "give",
            "found",
            "find",
            "built",
            "build",
            "drew",
            "draw",
            "sang",
            "sing",
            "began",
            "begin",
            "left",
            "became",
            "become",
            "did",
            "love",
            "loves",
            "like",
            "likes",
            "enjoy",
            "enjoys",
            "play",
            "plays",
            "paint",
            "paints",
            "visit",
            "visits",
            "teach",
            "teaches",
            "taught",
            "learn",
            "learns",
            "learnt",
            "study",
            "studies",
            "fell",
            "felt",
            "knew",
            "thought",
            "brought",
            "kept",
            "spent",
            "spend",
            "held",
            "heard",
            "swam",
            "flew",
            "drove",
            "rode",
            "sold",
            "adopt",
            "adopts",
            "attend",
            "attends",
            "own",
            "owns",
            "have",
            "has",
            "had",
            "need",
            "needs",
            "want",
            "wants",
            "hate",
            "hates",
            "prefer",
            "prefers",
            "collect",
            "collects",
            "cook",
            "cooks",
            "bake",
            "bakes",
            "volunteer",
            "volunteers",
            "research",
            "researching",
            "painting",
            "reading",
            "writing",
            "playing",
            "learning",
            "making",
            "working",
            "training",
            "planning",
            "thinking",
            "taking",
            "doing",
            "going",
            "building",
            "running",
            "starting");

    private static final Set<String> PREPOSITIONS =
            words("to", "at", "in", "on", "with", "for", "about", "into", "from", "by", "of");

    private static final Set<String> STOP_OBJECT = words(
            "and",
            "but",
            "because",
            "so",
            "when",
            "while",
            "which",
            "that",
            "since",
            "as",
            "if",
            "or",
            "then",
            "though",
            "although",
            "until",
            "before",
            "after",
            "where",
            "who",
            "it's",
            "i",
            "you",
            "we",
            "they",
            "he",
            "she",
            "last",
            "next",
            "yesterday",
            "today",
            "tomorrow",
            "tonight",
            "recently",
            "now",
            "too",
            "again",
            "lately",
            "already",
            "ago",
            "soon",
            "together",
            "yet");

    private static final Set<String> DETERMINERS = words(
            "a", "an", "the", "some", "this", "that", "these", "those", "his", "her", "their", "our", "your", "its",
            "my", "any", "another", "one", "two", "three", "few", "lots", "lot", "of", "more", "really", "so", "very");

    private static final Set<String> MONTHS = words(
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december");
    private static final Set<String> WEEKDAYS =
            words("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private static final Set<String> ORGANIZATION_WORDS = words(
            "inc",
            "corp",
            "corporation",
            "company",
            "co",
            "llc",
            "ltd",
            "university",
            "college",
            "school",
            "academy",
            "bank",
            "group",
            "foundation",
            "club",
            "center",
            "centre",
            "hospital",
            "church",
            "association",
            "society",
            "agency",
            "studio",
            "studios",
            "records",
            "labs",
            "institute",
            "museum",
            "library",
            "team",
            "shelter",
            "council",
            "committee",
            "department",
            "ministry",
            "network",
            "festival",
            "conference");

    private static final Set<String> PLACE_WORDS = words(
            "city",
            "town",
            "village",
            "county",
            "state",
            "country",
            "island",
            "lake",
            "river",
            "mountain",
            "mountains",
            "park",
            "beach",
            "street",
            "avenue",
            "road",
            "valley",
            "coast",
            "bay");

    /** Capitalised words that start sentences and are not names. */
    private static final Set<String> COMMON = words(
            "yes",
            "yeah",
            "yep",
            "no",
            "nope",
            "wow",
            "oh",
            "hey",
            "hi",
            "hello",
            "thanks",
            "thank",
            "that",
            "this",
            "these",
            "those",
            "it",
            "its",
            "it's",
            "what",
            "when",
            "where",
            "who",
            "why",
            "how",
            "which",
            "my",
            "your",
            "our",
            "their",
            "his",
            "her",
            "we",
            "you",
            "they",
            "he",
            "she",
            "and",
            "but",
            "so",
            "or",
            "if",
            "then",
            "well",
            "sure",
            "great",
            "awesome",
            "cool",
            "nice",
            "love",
            "glad",
            "sounds",
            "really",
            "just",
            "also",
            "good",
            "haha",
            "lol",
            "omg",
            "absolutely",
            "definitely",
            "totally",
            "congrats",
            "congratulations",
            "sorry",
            "ok",
            "okay",
            "anyway",
            "by",
            "for",
            "in",
            "on",
            "at",
            "to",
            "of",
            "with",
            "a",
            "an",
            "the",
            "as",
            "after",
            "before",
            "last",
            "next",
            "me",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "have",
            "has",
            "had",
            "do",
            "does",
            "did",
            "can",
            "could",
            "would",
            "should",
            "will",
            "not",
            "there",
            "here",
            "all",
            "some",
            "any",
            "each",
            "every",
            "one",
            "maybe",
            "aw",
            "aww",
            "ah",
            "hmm",
            "speaking",
            "plus",
            "especially",
            "honestly",
            "actually",
            "right",
            "exactly",
            "true",
            "agreed",
            "same",
            "indeed",
            "cheers",
            "bye",
            "see",
            "take",
            "let",
            "let's",
            "that's",
            "you're",
            "we're",
            "they're",
            "he's",
            "she's",
            "i'm",
            "i've",
            "i'd",
            "i'll",
            "i",
            "being",
            "having",
            "getting",
            "going",
            "seeing",
            "doing",
            "trying",
            "looking",
            "thinking",
            "making",
            "amazing",
            "wonderful",
            "beautiful",
            "lovely",
            "perfect",
            "fantastic",
            "incredible",
            "interesting",
            "happy",
            "excited",
            "thrilled",
            "proud",
            "now",
            "still",
            "even",
            "wait",
            "hope",
            "good",
            "bad",
            "yay",
            "uh",
            "um",
            "hmm",
            "anything",
            "something",
            "everything",
            "nothing",
            "someone",
            "everyone",
            "lately",
            "recently",
            "today",
            "yesterday",
            "tomorrow",
            "tonight",
            "again",
            "once",
            "since",
            "while",
            "because",
            "though",
            "although",
            "whoa",
            "gosh",
            "ugh",
            "nah",
            "hah",
            "ha",
            "btw",
            "mine",
            "both",
            "many",
            "much",
            "most",
            "other",
            "such",
            "take",
            "check",
            "tell",
            "keep",
            "remember",
            "yours",
            "cool",
            "sweet",
            "wish");

    private static final Pattern WHEN = Pattern.compile(
            "\\b(?:(?:last|next|this|that)\\s+(?:week|weekend|month|year|summer|winter|spring|fall|autumn|night|morning|evening"
                    + "|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                    + "|yesterday|today|tonight|tomorrow|recently|\\d+\\s+(?:days?|weeks?|months?|years?)\\s+ago"
                    + "|(?:a|one|two|three|a few|few)\\s+(?:days?|weeks?|months?|years?)\\s+ago"
                    + "|(?:in\\s+)?(?:19|20)\\d{2}"
                    + "|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                    + "(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s+(?:19|20)\\d{2})?)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\d][\\p{L}\\d’'-]*|[,;:()\".!?]");

    private static Set<String> words(String... words) {
        return Set.copyOf(java.util.Arrays.asList(words));
    }

    @Override
    public List<Extraction> extract(String userId, List<Utterance> messages) {
        List<Extraction> extractions = new ArrayList<>(messages.size());
        for (Utterance message : messages) {
            extractions.add(extract(message.speaker(), message.content()));
        }
        return extractions;
    }

    /**
     * Extracts what {@code content}, said by {@code speaker}, states.
     *
     * @param speaker the author's name (what "I" stands for); {@code null} when unknown, then "User"
     * @param content the message text
     */
    public Extraction extract(String speaker, String content) {
        String me = speaker == null || speaker.isBlank() ? "User" : capitalised(speaker.strip());
        Map<String, Entity> entities = new LinkedHashMap<>();
        List<Fact> facts = new ArrayList<>();
        Entity self = entity(entities, me, Type.PERSON);
        for (String raw : SENTENCE.split(content)) {
            String said = raw.strip();
            if (said.isEmpty()) {
                continue;
            }
            String sentence = firstPerson(said, me);
            String when = when(said);
            int before = facts.size();
            List<String> bound = new ArrayList<>();
            relations(sentence, said, when, entities, facts, bound);
            for (Rule rule : RULES) {
                Matcher m = rule.pattern().matcher(sentence);
                while (m.find()) {
                    Entity subject = entity(entities, m.group(1), Type.PERSON);
                    Entity object = entity(entities, m.group(2), typeOf(m.group(2), rule.objectType()));
                    add(facts, new Fact(subject.key(), rule.predicate(), object.key(), rule.functional(), when, said));
                    bound.add(m.group(1));
                    bound.add(m.group(2));
                }
            }
            Matcher role = IS_A.matcher(sentence);
            while (role.find()) {
                Entity subject = entity(entities, role.group(1), Type.PERSON);
                Entity what = entity(entities, role.group(2), Type.THING);
                add(facts, new Fact(subject.key(), "is_a", what.key(), false, when, said));
                bound.add(role.group(1));
            }
            subjectVerbObject(sentence, said, when, self, entities, facts, bound);
            for (String name : names(sentence, me)) {
                if (bound.contains(name)) {
                    continue;
                }
                Entity named = entity(entities, name, typeOf(name, null, sentence));
                if (!named.key().equals(self.key())) {
                    add(facts, new Fact(self.key(), "mentioned", named.key(), false, when, said));
                }
            }
            if (facts.size() == before && when != null) {
                Entity date = entity(entities, when, Type.DATE);
                add(facts, new Fact(self.key(), "mentioned", date.key(), false, when, said));
            }
        }
        return new Extraction(List.copyOf(entities.values()), facts);
    }

    /**
     * The names a query or message holds, first-person words aside: what retrieval starts from.
     * Each as its entity key.
     */
    public List<String> entityKeys(String text) {
        List<String> keys = new ArrayList<>();
        for (String raw : SENTENCE.split(text)) {
            for (String name : names(raw.strip(), null)) {
                String key = key(name);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static void relations(
            String sentence,
            String said,
            String when,
            Map<String, Entity> entities,
            List<Fact> facts,
            List<String> bound) {
        for (Pattern p : IS_RELATION_OF) {
            Matcher m = p.matcher(sentence);
            while (m.find()) {
                boolean ofForm = IS_RELATION_OF.indexOf(p) == 1;
                String who = m.group(1);
                String relation = ofForm ? m.group(2) : m.group(3);
                String owner = ofForm ? m.group(3) : m.group(2);
                relate(who, relation, owner, said, when, entities, facts, bound);
            }
        }
        Matcher m = OWNER_RELATION_NAME.matcher(sentence);
        while (m.find()) {
            relate(m.group(3), m.group(2), m.group(1), said, when, entities, facts, bound);
        }
    }

    private static void relate(
            String who,
            String relation,
            String owner,
            String said,
            String when,
            Map<String, Entity> entities,
            List<Fact> facts,
            List<String> bound) {
        Entity x = entity(entities, who, Type.PERSON);
        Entity y = entity(entities, owner, Type.PERSON);
        String predicate = relation.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_') + "_of";
        add(facts, new Fact(x.key(), predicate, y.key(), false, when, said));
        bound.add(who);
        bound.add(owner);
    }

    /** "X [have|just|...] verb[ed] [prep] object": one fact, the object a name or a thing. */
    private static void subjectVerbObject(
            String sentence,
            String said,
            String when,
            Entity self,
            Map<String, Entity> entities,
            List<Fact> facts,
            List<String> bound) {
        List<String> words = new ArrayList<>();
        Matcher w = WORD.matcher(sentence);
        while (w.find()) {
            words.add(w.group());
        }
        for (int i = 0; i < words.size(); i++) {
            String subjectName = null;
            int next = i;
            if (words.get(i).equals(self.name())) {
                subjectName = self.name();
                next = i + 1;
            } else {
                // a multi-word name of the sentence starting here
                StringBuilder name = new StringBuilder();
                int j = i;
                while (j < words.size()
                        && Character.isUpperCase(words.get(j).charAt(0))
                        && !COMMON.contains(lower(words.get(j)))) {
                    name.append(name.length() == 0 ? "" : " ").append(words.get(j));
                    j++;
                }
                if (j > i) {
                    subjectName = name.toString();
                    next = j;
                }
            }
            if (subjectName == null) {
                continue;
            }
            int v = next;
            while (v < words.size() && ADVERB_WORDS.contains(lower(words.get(v)))) {
                v++;
            }
            if (v >= words.size()) {
                return;
            }
            String verb = lower(words.get(v));
            if (!VERBS.contains(verb) && !(verb.endsWith("ed") && verb.length() > 4)) {
                continue;
            }
            int o = v + 1;
            String predicate = verb;
            if (o < words.size() && PREPOSITIONS.contains(lower(words.get(o)))) {
                predicate = verb + "_" + lower(words.get(o));
                o++;
            }
            while (o < words.size() && DETERMINERS.contains(lower(words.get(o)))) {
                o++;
            }
            List<String> object = new ArrayList<>();
            boolean capitalised = true;
            while (o < words.size() && object.size() < 5) {
                String word = words.get(o);
                if (!Character.isLetterOrDigit(word.charAt(0))
                        || STOP_OBJECT.contains(lower(word))
                        || (PREPOSITIONS.contains(lower(word)) && !object.isEmpty())) {
                    break;
                }
                capitalised &= Character.isUpperCase(word.charAt(0));
                object.add(word);
                o++;
            }
            if (object.isEmpty() || object.size() == 1 && DETERMINERS.contains(lower(object.get(0)))) {
                continue;
            }
            String objectName = String.join(" ", object);
            Entity subject = entity(entities, subjectName, Type.PERSON);
            Entity target = entity(entities, objectName, capitalised ? typeOf(objectName, null, sentence) : Type.THING);
            if (!subject.key().equals(target.key())) {
                add(facts, new Fact(subject.key(), predicate, target.key(), false, when, said));
                bound.add(subjectName);
                bound.add(objectName);
            }
            i = o - 1;
        }
    }

    private static final Set<String> ADVERB_WORDS = words(
            "have",
            "has",
            "had",
            "just",
            "recently",
            "finally",
            "also",
            "really",
            "actually",
            "already",
            "eventually",
            "then",
            "once",
            "even",
            "did",
            "will",
            "would",
            "am",
            "is",
            "was",
            "were",
            "are",
            "been",
            "being",
            "started",
            "never",
            "always",
            "often",
            "sometimes",
            "usually",
            "still",
            "totally",
            "definitely",
            "absolutely");

    /** Names of a sentence: capitalised runs, a first word only when it is not a common word. */
    private static List<String> names(String sentence, String me) {
        List<String> names = new ArrayList<>();
        Matcher w = WORD.matcher(sentence);
        List<String> run = new ArrayList<>();
        boolean first = true;
        while (true) {
            boolean more = w.find();
            String word = more ? w.group() : null;
            boolean capital = word != null
                    && Character.isUpperCase(word.charAt(0))
                    && !word.equals("I")
                    && !COMMON.contains(lower(word))
                    && !COMMON.contains(lower(stripPossessive(word)));
            if (capital && !(first && COMMON.contains(lower(word)))) {
                run.add(stripPossessive(word));
                if (word.endsWith("'s") || word.endsWith("’s")) {
                    flush(run, names, me);
                }
            } else {
                flush(run, names, me);
            }
            if (!more) {
                return names;
            }
            first = false;
        }
    }

    private static void flush(List<String> run, List<String> names, String me) {
        if (!run.isEmpty()) {
            String name = String.join(" ", run);
            if (!name.equals(me) && !names.contains(name)) {
                names.add(name);
            }
            run.clear();
        }
    }

    private static String stripPossessive(String word) {
        return word.endsWith("'s") || word.endsWith("’s") ? word.substring(0, word.length() - 2) : word;
    }

    /** "I", "me", "my", "I'm" ... as the speaker's name, so the rules see one subject. */
    static String firstPerson(String sentence, String me) {
        return sentence.replaceAll("\\bI(?:'|’)m\\b", me + " am")
                .replaceAll("\\bI(?:'|’)ve\\b", me + " have")
                .replaceAll("\\bI(?:'|’)d\\b", me + " would")
                .replaceAll("\\bI(?:'|’)ll\\b", me + " will")
                .replaceAll("\\bI\\b", me)
                .replaceAll("\\b[Mm]y\\b", me + "'s")
                .replaceAll("\\bme\\b", me);
    }

    private static String when(String sentence) {
        Matcher m = WHEN.matcher(sentence);
        return m.find() ? m.group().strip() : null;
    }

    private static Type typeOf(String name, Type fallback) {
        return typeOf(name, fallback, "");
    }

    private static Type typeOf(String name, Type fallback, String sentence) {
        String[] words = name.toLowerCase(Locale.ROOT).split("\\s+");
        String last = words[words.length - 1];
        if (MONTHS.contains(words[0]) || WEEKDAYS.contains(words[0])) {
            return Type.DATE;
        }
        if (ORGANIZATION_WORDS.contains(last)) {
            return Type.ORGANIZATION;
        }
        if (PLACE_WORDS.contains(last)) {
            return Type.PLACE;
        }
        if (fallback != null) {
            return fallback;
        }
        if (Pattern.compile(
                        "\\b(?:in|to|from|near|visit(?:ed|ing)?|around|across)\\s+(?:the\\s+)?" + Pattern.quote(name))
                .matcher(sentence)
                .find()) {
            return Type.PLACE;
        }
        return Type.PERSON;
    }

    private static Entity entity(Map<String, Entity> entities, String name, Type type) {
        String clean = name.strip();
        return entities.computeIfAbsent(key(clean), k -> new Entity(k, clean, type));
    }

    private static void add(List<Fact> facts, Fact fact) {
        if (!facts.contains(fact)) {
            facts.add(fact);
        }
    }

    /** An entity's identity: its name lower-cased with single spaces. */
    public static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("\\s+", " ");
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT).replace('’', '\'');
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
