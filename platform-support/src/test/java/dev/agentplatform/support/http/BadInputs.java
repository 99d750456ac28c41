package dev.agentplatform.support.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates malformed and hostile request parts from a seed, for the tests that assert the
 * platform answers any input with a 2xx or a 4xx problem: strings of controls, NUL and lone
 * surrogates, huge numbers, wrong types, deep nesting, broken JSON, odd content types, unknown
 * methods, oversized headers. Deterministic for a seed, so a failure can be replayed.
 *
 * <p>Generated here rather than with a property-based testing library: jqwik's engine asks AI
 * agents not to use it (and prints so into every test run), and Jazzer's JUnit integration only
 * replays a stored corpus in a normal build; what the tests need is a fixed, replayable stream of
 * bad inputs, which this small class gives.
 */
public final class BadInputs {

    /** Texts that broke something once, or are likely to: each also appears inside other text. */
    static final List<String> NASTY = List.of(
            "",
            " ",
            "\u0000",
            "\u0000\u0000\u0000",
            "\u0001\u0002\u0003\u001f",
            "\u007f\u0085\u009f",
            "\t\n\r",
            "\ud800",
            "\udfff",
            "\udc00\ud800",
            "a\u0000b",
            "\u200b\u200e\ufeff",
            "\u2028\u2029",
            "\ud83d\ude00",
            "\\u0000",
            "%00",
            "' OR 1=1 --",
            "${jndi:ldap://x}",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "null",
            "\u00a0\u3000");

    private final Random random;

    public BadInputs(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A hostile string: a nasty one, a mix of nasty and plain, random UTF-16 units, or a long one. */
    public String text() {
        return switch (random.nextInt(6)) {
            case 0 -> pick(NASTY);
            case 1 -> "what is " + pick(NASTY) + " in SQL" + pick(NASTY);
            case 2 -> units(1 + random.nextInt(30));
            case 3 -> pick(NASTY).repeat(1 + random.nextInt(50));
            case 4 -> "x".repeat(random.nextInt(3) == 0 ? 100_001 : 1 + random.nextInt(3000));
            default -> controls(1 + random.nextInt(20));
        };
    }

    /** Random UTF-16 code units, surrogates and controls among them. */
    public String units(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(
                    switch (random.nextInt(4)) {
                        case 0 -> (char) random.nextInt(0x20);
                        case 1 -> (char) (0xd800 + random.nextInt(0x800));
                        case 2 -> (char) (0x20 + random.nextInt(0x5f));
                        default -> (char) random.nextInt(0x10000);
                    });
        }
        return out.toString();
    }

    /** Only C0/C1 control characters. */
    public String controls(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(3) == 0 ? 0x7f + random.nextInt(0x21) : random.nextInt(0x20);
            out.append((char) c);
        }
        return out.toString();
    }

    /** {@code text} as a JSON string literal, every control and surrogate escaped as {@code \\uXXXX}. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Any JSON value, of a wrong type as often as not: strings, huge numbers, literals, arrays, objects. */
    public String value(int depth) {
        int kind = random.nextInt(depth > 2 ? 7 : 9);
        return switch (kind) {
            case 0, 1 -> quote(text());
            case 2 ->
                pick(List.of(
                        "1e400",
                        "-1e400",
                        "123456789012345678901234567890",
                        "-0",
                        "0.1",
                        "-1",
                        "9223372036854775808",
                        "1E-400",
                        "0",
                        "2147483648",
                        "1.0e10"));
            case 3 -> pick(List.of("true", "false", "null"));
            case 4 -> "[]";
            case 5 -> "{}";
            case 6 -> quote(pick(NASTY));
            case 7 -> "[" + value(depth + 1) + "," + value(depth + 1) + "]";
            default -> "{" + quote(text()) + ":" + value(depth + 1) + "}";
        };
    }

    /**
     * A JSON object with some of {@code fields} (a valid value from {@code valid} half of the time,
     * else anything), sometimes an unknown member, sometimes a duplicate.
     */
    public String object(List<String> fields, java.util.function.Function<String, String> valid) {
        List<String> members = new ArrayList<>();
        for (String field : fields) {
            int roll = random.nextInt(10);
            if (roll < 5) {
                members.add(quote(field) + ":" + valid.apply(field));
            } else if (roll < 8) {
                members.add(quote(field) + ":" + value(0));
            }
        }
        if (random.nextInt(5) == 0) {
            members.add(quote(text()) + ":" + value(0));
        }
        if (!members.isEmpty() && random.nextInt(8) == 0) {
            members.add(members.get(0));
        }
        java.util.Collections.shuffle(members, random);
        return "{" + String.join(",", members) + "}";
    }

    /** Something that is not a JSON document, or not only one. */
    public byte[] brokenJson(String good) {
        return switch (random.nextInt(9)) {
            case 0 ->
                good.substring(0, random.nextInt(Math.max(1, good.length()))).getBytes(StandardCharsets.UTF_8);
            case 1 -> (good + "garbage").getBytes(StandardCharsets.UTF_8);
            case 2 -> ("\ufeff" + good).getBytes(StandardCharsets.UTF_8);
            case 3 -> "[".repeat(5_000).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe, 0x00};
            case 6 -> good.replaceFirst("\"", "'").getBytes(StandardCharsets.UTF_8);
            case 7 -> good.getBytes(StandardCharsets.UTF_16);
            default -> new byte[0];
        };
    }

    /** Content-Type header lines, or none (an empty array). */
    public String[] contentType() {
        String type = pick(List.of(
                "application/json",
                "application/json; charset=utf-8",
                "*/*",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "garbage",
                "application/",
                "a/b/c",
                "*",
                "application/json; charset=nonsense",
                "application/*",
                "text/event-stream",
                ""));
        return type.isEmpty() ? new String[0] : new String[] {"Content-Type: " + type};
    }

    /** A method, mostly the ones the APIs have, sometimes one nobody has. */
    public String method() {
        return pick(List.of(
                "GET",
                "POST",
                "POST",
                "POST",
                "PUT",
                "PATCH",
                "DELETE",
                "HEAD",
                "OPTIONS",
                "CONNECT",
                "TRACE",
                "FOO",
                "PROPFIND",
                "get"));
    }

    /** Extra header lines: oversized, odd or hostile values, or none. */
    public List<String> headers() {
        List<String> headers = new ArrayList<>();
        switch (random.nextInt(8)) {
            case 0 -> headers.add("X-Pad: " + "a".repeat(7_000 + random.nextInt(12_000)));
            case 1 -> headers.add("Accept: " + pick(List.of("text/html", "*/*", "garbage", "application/xml", "")));
            case 2 -> headers.add("X-Request-Id: " + pick(List.of("", "x".repeat(500), "a b", "..", "\u00e9")));
            case 3 -> headers.add("X-Conversation-Id: " + pick(List.of("", "a/b", "x".repeat(300), "%00", "ok-1")));
            case 4 -> headers.add("Accept: text/event-stream");
            case 5 -> headers.add("Content-Encoding: gzip");
            default -> {}
        }
        return headers;
    }
}
