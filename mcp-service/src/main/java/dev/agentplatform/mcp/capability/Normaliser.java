package dev.agentplatform.mcp.capability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what one server's tool answered into the capability's result, so that every entry of a chain answers in
 * the same shape whichever server served it. The web search normalisers give a JSON array of
 * {@code {title, url, snippet, source}}; an answer of theirs with no result in it counts as empty (and the next
 * entry is tried).
 */
public enum Normaliser {
    /** The tool's text unchanged. */
    TEXT {
        @Override
        List<Map<String, String>> results(String text) {
            return null;
        }
    },
    /**
     * {@code @brave/brave-search-mcp-server}'s {@code brave_web_search}: one JSON object per content block,
     * {@code {url, title, description}}.
     */
    BRAVE {
        @Override
        List<Map<String, String>> results(String text) {
            List<Map<String, String>> results = new ArrayList<>();
            for (String line : text.split("\n")) {
                JsonNode node = parse(line.trim());
                if (node != null && node.isObject() && node.hasNonNull("url")) {
                    results.add(result(
                            node.path("title").asString(""),
                            node.path("url").asString(""),
                            node.path("description").asString(""),
                            "brave-search"));
                }
            }
            return results;
        }
    },
    /** {@code tavily-mcp}'s {@code tavily_search}: blocks of {@code Title: / URL: / Content:} lines. */
    TAVILY {
        private static final Pattern BLOCK =
                Pattern.compile("Title: (.*)\\n(?:ID: .*\\n)?URL: (\\S+)\\nContent: ([^\\n]*)");

        @Override
        List<Map<String, String>> results(String text) {
            List<Map<String, String>> results = new ArrayList<>();
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                results.add(result(
                        block.group(1).trim(), block.group(2), block.group(3).trim(), "tavily"));
            }
            return results;
        }
    },
    /**
     * {@code duckduckgo-mcp-server}'s {@code duckduckgo_web_search}: Markdown, one {@code ### title} section per
     * result with its description and a {@code [label](url)} link.
     */
    DUCKDUCKGO {
        private static final Pattern SECTION =
                Pattern.compile("### (.*)\\n([\\s\\S]*?)\\n\\s*\\S*\\s*\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

        @Override
        List<Map<String, String>> results(String text) {
            List<Map<String, String>> results = new ArrayList<>();
            Matcher section = SECTION.matcher(text);
            while (section.find()) {
                results.add(result(
                        section.group(1).trim(),
                        section.group(3),
                        section.group(2).trim(),
                        "duckduckgo"));
            }
            return results;
        }
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The search results in {@code text}; {@code null} when this normaliser passes text through. */
    abstract List<Map<String, String>> results(String text);

    /**
     * The capability's content for a server's answer.
     *
     * @throws EmptyResult when a result-producing normaliser found nothing in the answer
     */
    String normalise(String text) {
        List<Map<String, String>> results = results(text == null ? "" : text);
        if (results == null) {
            return text;
        }
        if (results.isEmpty()) {
            throw new EmptyResult();
        }
        return JSON.writeValueAsString(results);
    }

    /** One result per match of {@code pattern} in {@code text}. */
    private static List<Map<String, String>> each(
            Pattern pattern, String text, Function<Matcher, Map<String, String>> result) {
        List<Map<String, String>> results = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            results.add(result.apply(matcher));
        }
        return results;
    }

    private static Map<String, String> result(String title, String url, String snippet, String source) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("title", title.trim());
        result.put("url", url.trim());
        result.put("snippet", snippet.trim());
        result.put("source", source);
        return result;
    }

    private static JsonNode parse(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A server answered without a single result. */
    static final class EmptyResult extends RuntimeException {
        EmptyResult() {
            super("answered without a result", null, false, false);
        }
    }
}
