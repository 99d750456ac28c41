package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Answers without a model: a few plausible sentences about the prompt in the agent's voice, the same
 * for the same agent and prompt, always starting with {@code [simulated <agent>]} and saying how
 * many earlier messages of the conversation it was given ("Building on the 4 earlier messages"). It honours what it can of the client's parameters:
 * {@code max_tokens} (the answer is cut, finish reason {@code length}), {@code stop} (the answer ends
 * before the first stop sequence) and a JSON {@code response_format} (the answer is a JSON object).
 * Latency and failure rate come from {@link SimulationSettings}; token counts are real
 * (cl100k_base). Streamed, the answer comes a few words at a time.
 */
final class SimulatedProvider implements LlmProvider {

    /** The catalog {@code type} this adapter serves. */
    static final String TYPE = "simulated";

    private static final int TOPIC_WORDS = 12;
    private static final int TOOL_EXCERPT_CHARS = 160;
    private static final int WORDS_PER_PIECE = 3;

    private final String model;
    private final TokenCounter tokens;
    private final SimulationSettings settings;
    private final Long seed;
    private final Sleeper sleeper;

    SimulatedProvider(String model, TokenCounter tokens, SimulationSettings settings, Long seed, Sleeper sleeper) {
        this.model = model;
        this.tokens = tokens;
        this.settings = settings;
        this.seed = seed;
        this.sleeper = sleeper;
    }

    @Override
    public LlmResponse chat(LlmRequest request) {
        Simulation simulation = settings.forAgent(request.agent());
        pause(simulation.latency());
        if (fails(simulation.failureRate(), request)) {
            throw new ProviderException(
                    ProviderException.PROVIDER_ERROR, true, "simulated failure of agent " + request.agent());
        }
        Shaped shaped = shape(compose(request), request);
        TokenUsage usage = new TokenUsage(tokens.count(request.messages()), tokens.count(shaped.content()));
        return new LlmResponse(shaped.content(), model, usage, true, List.of(), shaped.finishReason());
    }

    /** The answer as the parameters want it: in JSON, ended at a stop sequence, cut at the token limit. */
    private Shaped shape(String content, LlmRequest request) {
        var parameters = request.parameters();
        String finish = LlmResponse.STOP;
        if (parameters.stop() != null) {
            int end = content.length();
            for (String stop : parameters.stop()) {
                int at = content.indexOf(stop);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            content = content.substring(0, end);
        }
        if (parameters.wantsJson()) {
            content = "{\"answer\": \"" + content.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\", \"simulated\": true}";
        }
        if (parameters.maxTokens() != null && tokens.count(content) > parameters.maxTokens()) {
            String[] words = content.split("(?<=\\s)");
            StringBuilder cut = new StringBuilder();
            for (String word : words) {
                if (tokens.count(cut + word) > parameters.maxTokens()) {
                    break;
                }
                cut.append(word);
            }
            content = cut.toString();
            finish = LlmResponse.LENGTH;
        }
        return new Shaped(content, finish);
    }

    private record Shaped(String content, String finishReason) {}

    /**
     * Streams the same answer as {@link #chat} in pieces of a few words; the latency is spread
     * evenly over the pieces, and a chaos failure comes after the whole latency, before any piece.
     */
    @Override
    public LlmResponse stream(LlmRequest request, Consumer<String> onToken) {
        Simulation simulation = settings.forAgent(request.agent());
        if (fails(simulation.failureRate(), request)) {
            pause(simulation.latency());
            throw new ProviderException(
                    ProviderException.PROVIDER_ERROR, true, "simulated failure of agent " + request.agent());
        }
        Shaped shaped = shape(compose(request), request);
        String content = shaped.content();
        List<String> pieces = pieces(content);
        Duration perPiece = simulation.latency().dividedBy(pieces.size());
        for (String piece : pieces) {
            pause(perPiece);
            onToken.accept(piece);
        }
        TokenUsage usage = new TokenUsage(tokens.count(request.messages()), tokens.count(content));
        return new LlmResponse(content, model, usage, true, List.of(), shaped.finishReason());
    }

    /** {@code text} cut after every few words, each piece keeping the whitespace that follows it. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int words = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
                words++;
                if (words == WORDS_PER_PIECE) {
                    pieces.add(text.substring(start, i));
                    start = i;
                    words = 0;
                }
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    private void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            sleeper.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.TIMEOUT, true, "simulated call interrupted");
        }
    }

    private boolean fails(double rate, LlmRequest request) {
        if (rate <= 0.0) {
            return false;
        }
        if (rate >= 1.0) {
            return true;
        }
        double draw = seed == null
                ? ThreadLocalRandom.current().nextDouble()
                : new SplittableRandom(seed ^ stableHash(request.agent() + '\n' + request.taskId())).nextDouble();
        return draw < rate;
    }

    private static String compose(LlmRequest request) {
        String agent = request.agent();
        String prompt = request.prompt().orElse("");
        // Seeded by agent and prompt only, so tool output and context never change the wording.
        SplittableRandom random = new SplittableRandom(stableHash(agent + '\n' + prompt));
        Voice voice = Voice.of(agent);
        String topic = topic(prompt);

        List<String> sentences = new ArrayList<>();
        sentences.add(voice.fill(pick(random, voice.openers()), topic));
        if (voice.signature() != null) {
            sentences.add(voice.fill(voice.signature(), topic));
        }
        int first = random.nextInt(voice.points().size());
        int second = (first + 1 + random.nextInt(voice.points().size() - 1))
                % voice.points().size();
        sentences.add(voice.fill(voice.points().get(first), topic));
        sentences.add(voice.fill(voice.points().get(second), topic));

        long remembered = request.messages().stream()
                        .filter(m -> "user".equals(m.role()) || "assistant".equals(m.role()))
                        .count()
                - 1;
        if (remembered > 0) {
            sentences.add("Building on the " + remembered + " earlier message" + (remembered == 1 ? "" : "s")
                    + " of our conversation, this keeps the same direction.");
        }
        for (ChatMessage m : request.messages()) {
            if ("assistant".equals(m.role()) && m.content().startsWith("[simulated ")) {
                // a CASCADE refinement: the draft came from another simulated agent
                sentences.add("This refines the draft before it.");
                break;
            }
        }
        for (ChatMessage m : request.messages()) {
            if ("tool".equals(m.role())) {
                sentences.add("Tool output considered: " + excerpt(m.content()));
            }
        }
        sentences.add(voice.fill(pick(random, voice.closers()), topic));
        return "[simulated " + agent + "] " + String.join(" ", sentences);
    }

    private static String pick(SplittableRandom random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** The prompt's first words, quoted, as the subject of the answer. */
    static String topic(String prompt) {
        String[] words = prompt.strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "your request";
        }
        int n = Math.min(words.length, TOPIC_WORDS);
        String topic = String.join(" ", Arrays.copyOf(words, n)).replaceAll("[.?!,;:]+$", "");
        return "\"" + topic + (words.length > n ? " …" : "") + "\"";
    }

    private static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= TOOL_EXCERPT_CHARS ? flat : flat.substring(0, TOOL_EXCERPT_CHARS) + " …";
    }

    /** A hash that, unlike {@link String#hashCode()}, spreads similar strings over all 64 bits. */
    static long stableHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Waits out a simulated latency; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    /** How an agent sounds: sentence pools with {@code {topic}} and {@code {lang}} placeholders. */
    private record Voice(
            String lang, String signature, List<String> openers, List<String> points, List<String> closers) {

        private static final List<String> CODE_OPENERS = List.of(
                "Here is how I would approach {topic} in {lang}.",
                "In {lang}, {topic} comes down to one small, well-named function.",
                "Let me sketch {topic} in idiomatic {lang}.");
        private static final List<String> CODE_POINTS = List.of(
                "Start with the simplest version that works, then add edge cases one test at a time.",
                "Keep input validation at the boundary so the core logic stays pure and easy to test.",
                "The {lang} standard library covers most of this, so no extra dependency is needed.",
                "Name the intermediate values; it costs nothing and makes review much faster.",
                "Handle empty input explicitly rather than letting it fall through.");
        private static final List<String> CODE_CLOSERS = List.of(
                "I can expand this into a complete {lang} module with tests if you like.",
                "Tell me your {lang} version and I will tailor the details.");

        private static final List<String> RESEARCH_OPENERS = List.of(
                "Here is a short briefing on {topic}.",
                "I looked into {topic}; these are the points that matter.",
                "On {topic}, the picture is clearer than it first seems.");
        private static final List<String> RESEARCH_POINTS = List.of(
                "The most reliable sources agree on the broad outline, while details vary between accounts.",
                "It helps to separate the established facts from the commentary around them.",
                "Recent material adds nuance but does not overturn the main findings.",
                "Two or three primary sources are worth reading in full before drawing conclusions.");
        private static final List<String> RESEARCH_CLOSERS = List.of(
                "I can go deeper on any of these points or list the sources.",
                "Let me know which angle matters most and I will focus there.");

        private static final List<String> DATA_OPENERS = List.of(
                "To answer {topic}, I would start from the data.",
                "Here is how I would work through {topic} with the numbers.",
                "For {topic}, the first step is a clean, well-defined dataset.");
        private static final List<String> DATA_POINTS = List.of(
                "Aggregate first, then look at the distribution before trusting any average.",
                "Check for missing values and duplicates; they skew totals more than anything else.",
                "Group by the dimension you care about and compare against the same period last time.",
                "A simple chart of the trend usually tells the story faster than a table.");
        private static final List<String> DATA_CLOSERS = List.of(
                "Share the schema and I will write the exact query.",
                "I can turn this into a reusable report if it is a recurring question.");

        private static final List<String> GENERAL_OPENERS =
                List.of("Here is my take on {topic}.", "Let me work through {topic} step by step.");
        private static final List<String> GENERAL_POINTS = List.of(
                "The first thing to settle is what a good answer would look like.",
                "Breaking the question into smaller parts makes each one easy to check.",
                "A concrete example usually exposes the tricky cases early.");
        private static final List<String> GENERAL_CLOSERS = List.of("Tell me if you want more detail on any part.");

        private static final Map<String, Voice> BY_AGENT = Map.of(
                "python", code("Python"),
                "javascript", code("JavaScript"),
                "rust", code("Rust"),
                "web_search", research("Searching the web for {topic} turns up a consistent set of results."),
                "pdf_reader", research("Reading through the documents on {topic}, a few passages stand out."),
                "summarizer", research("In short, {topic} has a handful of essential points."),
                "sql", data("In SQL terms, {topic} is an aggregate over the right table with a careful filter."),
                "analytics", data("Analytically, {topic} is a question about trends and what drives them."),
                "viz", data("Visually, {topic} is best shown as a simple line or bar chart."));

        static Voice of(String agent) {
            return BY_AGENT.getOrDefault(
                    agent, new Voice(agent, null, GENERAL_OPENERS, GENERAL_POINTS, GENERAL_CLOSERS));
        }

        private static Voice code(String lang) {
            return new Voice(lang, null, CODE_OPENERS, CODE_POINTS, CODE_CLOSERS);
        }

        private static Voice research(String signature) {
            return new Voice(null, signature, RESEARCH_OPENERS, RESEARCH_POINTS, RESEARCH_CLOSERS);
        }

        private static Voice data(String signature) {
            return new Voice(null, signature, DATA_OPENERS, DATA_POINTS, DATA_CLOSERS);
        }

        String fill(String template, String topic) {
            return template.replace("{topic}", topic).replace("{lang}", lang == null ? "" : lang);
        }
    }
}
