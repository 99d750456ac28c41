package dev.agentplatform.e2e;

import dev.agentplatform.support.http.BadInputs;
import dev.agentplatform.support.security.ServiceTokens;
import dev.agentplatform.support.security.TestServiceCalls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@link BadInputSweepIT} sends: every endpoint the gateway exposes and every internal
 * endpoint of the services behind it, each asked with one class of bad input at a time. Request
 * {@code i} of seed {@code s} is a function of {@code (s, i)} alone, so any answer can be replayed.
 */
final class SweepCatalog {

    /** Whom a request claims to be. */
    enum Auth {
        /** The gateway's development key. */
        USER,
        /** The gateway's admin key. */
        ADMIN,
        /** A service credential acting for a user. */
        INTERNAL_USER,
        /** A service credential with the admin's authority. */
        INTERNAL_ADMIN
    }

    /** The shape of an endpoint's body. */
    enum Body {
        NONE,
        CHAT,
        TASK,
        ROUTE,
        AGENT,
        KEY,
        CHAOS,
        EXECUTION,
        MEMORY,
        CAPABILITY
    }

    /** One class of bad input. */
    enum Mutation {
        /** A well-formed request with plausible values: the baseline. */
        VALID,
        /** Well-formed JSON whose every string is NUL, lone surrogates, controls or invisible text. */
        STRINGS,
        /** Members of the wrong type, missing, unknown or repeated. */
        TYPES,
        /** Not JSON: cut off, trailing garbage, BOM, invalid UTF-8, UTF-16, single quotes. */
        BROKEN_JSON,
        /** Nesting thousands deep. */
        DEEP,
        /** Bodies over the size limits, strings over the field limits, huge arrays. */
        HUGE,
        /** No body, an empty one, or a JSON value that is not an object. */
        EMPTY,
        /** Odd content types and charsets. */
        CONTENT_TYPE,
        /** Unknown, unusual or wrongly spelled methods. */
        METHOD,
        /**
         * A request line with another HTTP version or a malformed one: a 4xx, or a 505 problem for a
         * version the server does not speak (the one 5xx that is the right answer to a client).
         */
        REQUEST_LINE,
        /** Paths with {@code %}, {@code %zz}, {@code ;}, {@code //}, {@code ..}, raw bytes. */
        PATH,
        /** Odd, hostile or conflicting header values. */
        HEADERS,
        /** All header fields together over the limit: 431. */
        BIG_HEADERS,
        /** A request line over the limit: 414. */
        LONG_URL,
        /** Missing, malformed, wrong, forged or expired credentials. */
        AUTH
    }

    private static final List<Mutation> BODY_MUTATIONS = List.of(Mutation.values());

    /** A request target of letters, digits and the plainest punctuation only. */
    private static final Pattern PLAIN_TARGET = Pattern.compile("[A-Za-z0-9/_.~?=&-]*");

    private static final List<Mutation> BODYLESS_MUTATIONS = List.of(
            Mutation.VALID,
            Mutation.EMPTY,
            Mutation.BROKEN_JSON,
            Mutation.CONTENT_TYPE,
            Mutation.METHOD,
            Mutation.REQUEST_LINE,
            Mutation.PATH,
            Mutation.HEADERS,
            Mutation.BIG_HEADERS,
            Mutation.LONG_URL,
            Mutation.AUTH);

    /**
     * An endpoint: the service that answers it, its method and path ({@code {id}}, {@code {name}},
     * {@code {user}}, {@code {conversation}}, {@code {capability}} are filled per request), who
     * calls it, its body, and how often it is picked relative to the others.
     */
    record Endpoint(String service, String method, String path, Auth auth, Body body, int weight) {

        String label() {
            String who = switch (auth) {
                case USER -> "";
                case ADMIN -> " (admin)";
                case INTERNAL_USER -> "";
                case INTERNAL_ADMIN -> " (admin)";
            };
            String where = service.replace("-service", "");
            return where + " " + method + " " + path + who;
        }

        boolean internal() {
            return auth == Auth.INTERNAL_USER || auth == Auth.INTERNAL_ADMIN;
        }

        List<Mutation> mutations() {
            return body == Body.NONE ? BODYLESS_MUTATIONS : BODY_MUTATIONS;
        }
    }

    /**
     * A request to send: raw, as {@link dev.agentplatform.support.http.RawHttp} writes it, or through
     * the JDK client when {@code viaClient} (and the client accepts it). {@code expected} is the one
     * status the request must get, or 0 for any 2xx/4xx.
     */
    record Request(
            int index,
            Endpoint endpoint,
            Mutation mutation,
            String method,
            String target,
            List<String> headers,
            byte[] body,
            boolean viaClient,
            int expected) {

        /** A short description for a failure report. */
        String describe() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            List<String> shown = headers.stream()
                    .limit(6)
                    .map(h -> h.length() > 90 ? h.substring(0, 90) + "...(" + h.length() + ")" : h)
                    .toList();
            String path = target.length() > 160 ? target.substring(0, 160) + "...(" + target.length() + ")" : target;
            return "#" + index + " " + mutation + " " + method + " " + BadInputs.quote(path) + " " + shown + " body("
                    + (body == null ? "none" : body.length) + ")=" + BadInputs.quote(text);
        }
    }

    static final String USER = "sweep-user";
    static final List<String> AGENTS = List.of(
            "python", "javascript", "rust", "web_search", "pdf_reader", "summarizer", "sql", "analytics", "viz");
    private static final List<String> PROMPTS = List.of(
            "Write a python function that reverses a string",
            "Which SQL query totals sales per region?",
            "Summarize the history of the printing press",
            "What documents do we have on file?",
            "add 2 and 3",
            "Plot monthly revenue as a bar chart");

    /** Texts no one types but every parser meets: each is one whole string value. */
    private static final List<String> INVISIBLE = List.of(
            "",
            " ",
            "\u0000",
            "\u0000\u0000\u0000",
            "a\u0000b",
            "\ud800",
            "\udfff",
            "\udc00\ud800",
            "x\ud800y",
            "\u200b\u200e\ufeff",
            "\u2028\u2029",
            "\t\n\r",
            "\u00a0\u3000",
            "\u007f\u0085\u009f",
            "\u0001\u0002\u0003\u001f",
            "\ud83d\ude00",
            "\\u0000",
            "%00",
            "${jndi:ldap://x}",
            "../../etc/passwd",
            "\u202e\u2066",
            "\u0301\u0301\u0301");

    /** Path segments in place of an id or name. */
    private static final List<String> SEGMENTS = List.of(
            "%00",
            "%zz",
            "%",
            "..",
            "%2e%2e",
            "%2F",
            "a%2fb",
            "a%5cb",
            ";",
            "a;b=c",
            "%ED%A0%80",
            "%C0%AE",
            "%FF",
            "%0a",
            "%0d%0a",
            "%20",
            "+",
            "~",
            "*",
            ".",
            "-",
            "_",
            "%E2%80%8B",
            "%EF%BB%BF");

    private final long seed;
    private final int gateway;
    private final java.util.Map<String, Integer> ports;
    private final String devKey;
    private final String adminKey;
    private final List<Endpoint> endpoints;
    private final int totalWeight;
    private final ServiceTokens foreign = new ServiceTokens(
            "intruder",
            "another-secret-of-the-right-length-0123456789",
            Duration.ofSeconds(60),
            Duration.ZERO,
            Clock.systemUTC());
    private final ServiceTokens stale = new ServiceTokens(
            "test-caller",
            TestServiceCalls.SECRET,
            Duration.ofSeconds(60),
            Duration.ZERO,
            Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));

    SweepCatalog(long seed, java.util.Map<String, Integer> ports, String devKey, String adminKey) {
        this.seed = seed;
        this.ports = ports;
        this.gateway = ports.get("gateway-service");
        this.devKey = devKey;
        this.adminKey = adminKey;
        this.endpoints = endpoints();
        this.totalWeight = endpoints.stream().mapToInt(Endpoint::weight).sum();
    }

    List<Endpoint> all() {
        return endpoints;
    }

    private static List<Endpoint> endpoints() {
        String gw = "gateway-service";
        String router = "router-service";
        String orch = "orchestrator-service";
        String mcp = "mcp-service";
        String memory = "memory-service";
        String cost = "cost-service";
        Auth u = Auth.USER;
        Auth a = Auth.ADMIN;
        Auth iu = Auth.INTERNAL_USER;
        Auth ia = Auth.INTERNAL_ADMIN;
        return List.of(
                // what the gateway exposes
                new Endpoint(gw, "POST", "/v1/chat/completions", u, Body.CHAT, 6),
                new Endpoint(gw, "POST", "/v1/tasks", u, Body.TASK, 4),
                new Endpoint(gw, "GET", "/v1/tasks/{id}", u, Body.NONE, 2),
                new Endpoint(gw, "GET", "/v1/tasks/{id}/events", u, Body.NONE, 1),
                new Endpoint(gw, "POST", "/v1/route", u, Body.ROUTE, 2),
                new Endpoint(gw, "GET", "/v1/agents", u, Body.NONE, 1),
                new Endpoint(gw, "GET", "/v1/agents/{name}", u, Body.NONE, 1),
                new Endpoint(gw, "POST", "/v1/agents", u, Body.AGENT, 2),
                new Endpoint(gw, "POST", "/v1/agents", a, Body.AGENT, 3),
                new Endpoint(gw, "DELETE", "/v1/agents/{name}", a, Body.NONE, 1),
                new Endpoint(gw, "POST", "/admin/v1/keys", a, Body.KEY, 3),
                new Endpoint(gw, "POST", "/admin/v1/keys", u, Body.KEY, 1),
                new Endpoint(gw, "DELETE", "/admin/v1/keys/{id}", a, Body.NONE, 1),
                new Endpoint(gw, "GET", "/admin/v1/chaos/agents", a, Body.NONE, 1),
                new Endpoint(gw, "PUT", "/admin/v1/chaos/agents/{name}", a, Body.CHAOS, 2),
                new Endpoint(gw, "GET", "/v1/usage", u, Body.NONE, 2),
                new Endpoint(gw, "GET", "/v1/models", u, Body.NONE, 2),
                // not routed by the gateway: must be a 404 problem, never a way in
                new Endpoint(gw, "GET", "/v1/memory/{user}/{conversation}", u, Body.NONE, 1),
                new Endpoint(gw, "GET", "/v1/budgets/{user}", u, Body.NONE, 1),
                // each service directly, with a valid service credential
                new Endpoint(router, "POST", "/v1/tasks", iu, Body.TASK, 3),
                new Endpoint(router, "POST", "/v1/route", iu, Body.ROUTE, 2),
                new Endpoint(router, "GET", "/v1/agents", iu, Body.NONE, 1),
                new Endpoint(router, "GET", "/v1/agents/{name}", iu, Body.NONE, 1),
                new Endpoint(router, "POST", "/v1/agents", ia, Body.AGENT, 2),
                new Endpoint(router, "PUT", "/v1/agents/{name}", ia, Body.AGENT, 1),
                new Endpoint(router, "DELETE", "/v1/agents/{name}", ia, Body.NONE, 1),
                new Endpoint(router, "GET", "/v1/models", iu, Body.NONE, 1),
                new Endpoint(orch, "POST", "/v1/executions", iu, Body.EXECUTION, 4),
                new Endpoint(orch, "GET", "/v1/tasks/{id}", iu, Body.NONE, 1),
                new Endpoint(orch, "GET", "/v1/tasks/{id}/events", iu, Body.NONE, 1),
                new Endpoint(orch, "GET", "/v1/providers", iu, Body.NONE, 1),
                new Endpoint(orch, "PUT", "/admin/v1/chaos/agents/{name}", ia, Body.CHAOS, 1),
                new Endpoint(orch, "DELETE", "/admin/v1/chaos/agents/{name}", ia, Body.NONE, 1),
                new Endpoint(mcp, "GET", "/v1/capabilities", iu, Body.NONE, 1),
                new Endpoint(mcp, "GET", "/v1/capabilities/{capability}/tools", iu, Body.NONE, 1),
                new Endpoint(mcp, "POST", "/v1/capabilities/{capability}/call", iu, Body.CAPABILITY, 3),
                new Endpoint(memory, "POST", "/v1/memory/{user}/{conversation}/messages", iu, Body.MEMORY, 3),
                new Endpoint(memory, "POST", "/v1/memory/{user}/{conversation}/quarantine", iu, Body.MEMORY, 1),
                new Endpoint(memory, "GET", "/v1/memory/{user}/{conversation}", iu, Body.NONE, 1),
                new Endpoint(memory, "DELETE", "/v1/memory/{user}/{conversation}", iu, Body.NONE, 1),
                new Endpoint(cost, "GET", "/v1/usage", iu, Body.NONE, 1),
                new Endpoint(cost, "GET", "/v1/budgets/{user}", iu, Body.NONE, 1));
    }

    /** Request {@code index} of this catalog's seed. */
    Request request(int index) {
        BadInputs in = new BadInputs(seed * 0x9E3779B97F4A7C15L + index);
        int roll = in.nextInt(totalWeight);
        Endpoint endpoint = endpoints.get(0);
        for (Endpoint candidate : endpoints) {
            roll -= candidate.weight();
            if (roll < 0) {
                endpoint = candidate;
                break;
            }
        }
        Mutation mutation = in.pick(endpoint.mutations());
        return new Builder(in, index, endpoint, mutation).build();
    }

    int port(Endpoint endpoint) {
        return ports.get(endpoint.service());
    }

    /** Percent-encodes every byte of {@code text} that is not unreserved; lone surrogates as CESU-8. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            byte[] bytes;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {
                    (byte) (0xe0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3f)), (byte) (0x80 | (c & 0x3f))
                };
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) {
                int v = b & 0xff;
                boolean unreserved = (v >= 'a' && v <= 'z')
                        || (v >= 'A' && v <= 'Z')
                        || (v >= '0' && v <= '9')
                        || v == '-'
                        || v == '_'
                        || v == '.'
                        || v == '~';
                out.append(unreserved ? String.valueOf((char) v) : String.format(Locale.ROOT, "%%%02X", v));
            }
        }
        return out.toString();
    }

    /** How the string members of a body are filled. */
    private enum Mode {
        VALID,
        STRINGS,
        TYPES
    }

    /** Builds one request. */
    private final class Builder {

        private final BadInputs in;
        private final int index;
        private final Endpoint endpoint;
        private final Mutation mutation;
        private Mode mode = Mode.VALID;

        Builder(BadInputs in, int index, Endpoint endpoint, Mutation mutation) {
            this.in = in;
            this.index = index;
            this.endpoint = endpoint;
            this.mutation = mutation;
        }

        Request build() {
            String method = endpoint.method();
            String target = fill(endpoint.path());
            List<String> headers = new ArrayList<>(credentials());
            byte[] body = null;
            boolean viaClient = true;
            int expected = 0;
            String contentType = "Content-Type: application/json";
            if (endpoint.body() != Body.NONE) {
                mode = switch (mutation) {
                    case STRINGS -> Mode.STRINGS;
                    case TYPES -> Mode.TYPES;
                    default -> Mode.VALID;
                };
                body = utf8(body(endpoint.body()));
            }
            switch (mutation) {
                case VALID, STRINGS, TYPES -> {}
                case BROKEN_JSON -> {
                    String good = endpoint.body() == Body.NONE ? "{}" : new String(body, StandardCharsets.UTF_8);
                    body = in.brokenJson(good);
                    if (endpoint.body() == Body.NONE) {
                        method = in.pick(List.of("POST", "PUT", "GET"));
                    }
                    viaClient = in.nextInt(2) == 0;
                }
                case DEEP -> {
                    body = utf8(deep());
                    viaClient = false;
                }
                case HUGE -> {
                    body = huge(body == null ? "{}" : new String(body, StandardCharsets.UTF_8));
                    viaClient = false;
                }
                case EMPTY -> {
                    body = switch (in.nextInt(9)) {
                        case 0 -> null;
                        case 1 -> new byte[0];
                        case 2 -> utf8("{}");
                        case 3 -> utf8("null");
                        case 4 -> utf8("[]");
                        case 5 -> utf8("  \r\n ");
                        case 6 -> utf8("\"\"");
                        case 7 -> utf8("0");
                        default -> utf8("true");
                    };
                    if (body == null && method.equals("POST")) {
                        // a POST without any framing at all
                        viaClient = false;
                    }
                }
                case CONTENT_TYPE -> {
                    String[] type = contentType(body);
                    contentType = type[0];
                    if (type[1] != null) {
                        body = type[1].equals("utf-16")
                                ? new String(body == null ? utf8("{}") : body, StandardCharsets.UTF_8)
                                        .getBytes(StandardCharsets.UTF_16)
                                : new String(body == null ? utf8("{}") : body, StandardCharsets.UTF_8)
                                        .getBytes(StandardCharsets.ISO_8859_1);
                    }
                    viaClient = false;
                }
                case METHOD -> {
                    method = in.pick(List.of(
                            "FOO",
                            "PROPFIND",
                            "get",
                            "Post",
                            "CONNECT",
                            "TRACE",
                            "OPTIONS",
                            "HEAD",
                            "PATCH",
                            "PUT",
                            "DELETE",
                            "GET",
                            "POST",
                            "M-SEARCH",
                            "BREW",
                            "X".repeat(200)));
                    viaClient = false;
                }
                case REQUEST_LINE -> {
                    target = switch (in.nextInt(4)) {
                        // RawHttp appends " HTTP/1.1": it becomes a header line of its own
                        case 0, 1 ->
                            target + " "
                                    + in.pick(List.of(
                                            "HTTP/2.0",
                                            "HTTP/1.2",
                                            "HTTP/3",
                                            "HTTP/0.9",
                                            "HTTP/1",
                                            "HTTP/1.1x",
                                            "HTTPS/1.1",
                                            "http/1.1",
                                            "HTTP/1.10",
                                            "HTTP/9.9",
                                            "HTTP/1.0"))
                                    + "\r\nX-Request-Line:";
                        case 2 -> in.pick(List.of(" ", "\t", "  ")) + target;
                        default -> target + in.pick(List.of(" extra", "\t", " HTTP/1.1 x", "\u00ff"));
                    };
                    viaClient = false;
                }
                case PATH -> {
                    target = mangle(target);
                    viaClient = false;
                }
                case HEADERS -> {
                    headers.addAll(oddHeaders());
                    viaClient = false;
                }
                case BIG_HEADERS -> {
                    int limit = endpoint.internal() ? 64 * 1024 : 16 * 1024;
                    if (in.nextInt(2) == 0) {
                        headers.add("X-Pad: " + "a".repeat(limit + in.nextInt(limit)));
                    } else {
                        for (int i = 0; i < limit / 200 + 20; i++) {
                            headers.add("X-Pad-" + i + ": " + "b".repeat(250));
                        }
                    }
                    // a target with escapes or odd characters of its own (a path parameter such as %zz
                    // or %00) may be refused for those first: a request with two faults gets either
                    // one's 4xx
                    expected = PLAIN_TARGET.matcher(target).matches() ? 431 : 0;
                    viaClient = false;
                }
                case LONG_URL -> {
                    int limit = endpoint.internal() ? 64 * 1024 : 4 * 1024;
                    int length = limit + in.nextInt(limit);
                    target = in.nextInt(2) == 0
                            ? target + "?q=" + "q".repeat(length)
                            : target + "/" + "p".repeat(length);
                    expected = 414;
                    viaClient = false;
                }
                case AUTH -> {
                    headers.clear();
                    headers.addAll(badCredentials());
                    viaClient = false;
                }
            }
            if (body != null && contentType != null) {
                headers.add(contentType);
            }
            return new Request(index, endpoint, mutation, method, target, headers, body, viaClient, expected);
        }

        private List<String> credentials() {
            List<String> headers = new ArrayList<>();
            switch (endpoint.auth()) {
                case USER ->
                    headers.add(in.nextInt(3) == 0 ? "X-API-Key: " + devKey : "Authorization: Bearer " + devKey);
                case ADMIN -> headers.add("Authorization: Bearer " + adminKey);
                case INTERNAL_USER -> {
                    headers.add("Authorization: " + TestServiceCalls.bearer(USER, "enterprise"));
                    headers.add("X-User-Id: " + USER);
                    headers.add("X-User-Tier: enterprise");
                }
                case INTERNAL_ADMIN -> headers.add("Authorization: " + TestServiceCalls.adminBearer());
            }
            return headers;
        }

        private List<String> badCredentials() {
            String key = endpoint.auth() == Auth.ADMIN ? adminKey : devKey;
            if (endpoint.internal()) {
                String token = switch (in.nextInt(12)) {
                    case 0 -> "";
                    case 1 -> "Bearer";
                    case 2 -> "Bearer ";
                    case 3 -> "Bearer " + foreign.issue(USER, "enterprise", true);
                    case 4 -> "Bearer " + stale.issue(USER, "enterprise", true);
                    case 5 ->
                        "Bearer " + TestServiceCalls.bearer(USER, "enterprise").substring(7, 40);
                    case 6 ->
                        "Bearer " + TestServiceCalls.bearer(USER, "enterprise").substring(7) + "x";
                    case 7 -> "Basic Zm9vOmJhcg==";
                    case 8 -> "Bearer " + "a.b.c".repeat(in.nextInt(400) + 1);
                    case 9 -> "Bearer \u00e9\u00ff";
                    case 10 -> TestServiceCalls.bearer(USER, "free"); // a user's credential on an admin path
                    default -> "Bearer " + devKey;
                };
                List<String> headers = new ArrayList<>(List.of("Authorization: " + token));
                if (in.nextInt(2) == 0) {
                    headers.add("X-User-Id: " + in.pick(List.of("admin", "", "..", "other-user")));
                }
                return headers;
            }
            return switch (in.nextInt(14)) {
                case 0 -> List.of();
                case 1 -> List.of("Authorization: ");
                case 2 -> List.of("Authorization: Bearer");
                case 3 -> List.of("Authorization: Bearer " + key + "x");
                case 4 ->
                    List.of("Authorization: Basic "
                            + java.util.Base64.getEncoder().encodeToString(utf8(key + ":")));
                case 5 -> List.of("Authorization: bearer " + key);
                case 6 -> List.of("Authorization: Bearer " + key + " extra");
                case 7 -> List.of("Authorization: Bearer " + "k".repeat(5_000 + in.nextInt(5_000)));
                case 8 -> List.of("Authorization: Bearer \u00e9" + key);
                case 9 -> List.of("X-API-Key: ");
                case 10 -> List.of("X-API-Key: " + key, "Authorization: Bearer wrong-key");
                case 11 -> List.of("Authorization: Bearer " + key, "Authorization: Bearer " + key);
                case 12 ->
                    List.of("Authorization: Bearer "
                            + TestServiceCalls.bearer(USER, "enterprise").substring(7));
                default -> List.of("Authorization: Bearer \t" + key + "\t");
            };
        }

        private String fill(String path) {
            return path.replace(
                            "{id}",
                            segment(java.util
                                    .UUID
                                    .nameUUIDFromBytes(utf8("task-" + in.nextInt(50)))
                                    .toString()))
                    .replace("{name}", segment("sweep-agent-" + in.nextInt(20)))
                    .replace("{user}", in.nextInt(5) == 0 ? segment(USER) : USER)
                    .replace("{conversation}", segment("sweep-conversation-" + in.nextInt(20)))
                    .replace("{capability}", segment(in.pick(List.of("filesystem", "calculator", "nothing"))));
        }

        /** A plausible value two times in three, else a hostile one, percent-encoded. */
        private String segment(String plausible) {
            if (mutation != Mutation.VALID && in.nextInt(3) == 0) {
                return switch (in.nextInt(3)) {
                    case 0 -> in.pick(SEGMENTS);
                    case 1 -> encode(in.pick(INVISIBLE));
                    default -> encode(in.units(1 + in.nextInt(8)));
                };
            }
            return plausible;
        }

        private String mangle(String target) {
            int slash = target.lastIndexOf('/');
            return switch (in.nextInt(22)) {
                case 0 -> target + "%";
                case 1 -> target + "%zz";
                case 2 -> target.substring(0, slash) + "/%zz" + target.substring(slash + 1);
                case 3 -> target + ";";
                case 4 -> target.substring(0, slash) + ";a=b" + target.substring(slash);
                case 5 -> target.replaceFirst("/", "//");
                case 6 -> target.replace("/v1/", "/v1//");
                case 7 -> "/v1/../" + target.substring(1);
                case 8 -> target + "/..";
                case 9 -> target.replace("/v1/", "/v1/./");
                case 10 -> target.replace("/v1/", "/v1/%2e%2e/v1/");
                case 11 -> target.replace("/v1/", "/v1%2f");
                case 12 -> target + "%00";
                case 13 -> target + "\u00e9\u00ff";
                case 14 -> target.toUpperCase(Locale.ROOT);
                case 15 -> target + "/";
                case 16 -> target.replace('/', '\\');
                case 17 ->
                    target + "?"
                            + in.pick(List.of(
                                    "a=%zz",
                                    "%", "tier=%00", "a=\u00ff", "a[]=1&a[]=2", "=&=&", "tier=" + "x".repeat(300)));
                case 18 -> target + "#fragment";
                case 19 -> "http://127.0.0.1:" + gateway + target;
                case 20 -> in.pick(List.of("*", "v1/models", "/%", "/;", "//", "/..", "/.%2e/"));
                default -> target.replace("/v1/", "/v1/%C0%AE%C0%AE/");
            };
        }

        private List<String> oddHeaders() {
            List<String> headers = new ArrayList<>(in.headers());
            headers.removeIf(h -> h.startsWith("X-Pad"));
            headers.add(
                    switch (in.nextInt(24)) {
                        case 0 -> "Accept: application/xml";
                        case 1 -> "Accept: text/html";
                        case 2 -> "Accept: garbage/";
                        case 3 -> "Accept-Charset: nonsense";
                        case 4 -> "Accept: text/event-stream";
                        case 5 ->
                            "X-Request-Id: " + in.pick(List.of("", "x".repeat(500), "a b", "..", "\u00e9", "%00"));
                        case 6 ->
                            "X-Conversation-Id: "
                                    + in.pick(List.of("", "a/b", "x".repeat(300), "%00", "\u00ff", "../x"));
                        case 7 -> "X-User-Id: " + in.pick(List.of("admin", "", "../x", "other-user"));
                        case 8 -> "X-User-Tier: " + in.pick(List.of("admin", "", "premium", "\u00ff"));
                        case 9 ->
                            "X-Prompt-Embedding: "
                                    + in.pick(List.of("", "garbage", "AAAA", "%%%", "a".repeat(3000), "1,2,3"));
                        case 10 ->
                            "traceparent: "
                                    + in.pick(List.of(
                                            "garbage",
                                            "00-0-0-0",
                                            "ff-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01"));
                        case 11 -> "If-None-Match: " + in.pick(List.of("*", "garbage", "\"\"", "W/\"x\""));
                        case 12 -> "Range: bytes=" + in.pick(List.of("0-1", "x-y", "-5", "9999999999999-"));
                        case 13 -> "Accept-Encoding: " + in.pick(List.of("gzip", "br", "identity;q=0", "*;q=0"));
                        case 14 -> "Content-Encoding: " + in.pick(List.of("gzip", "deflate", "nonsense"));
                        case 15 -> "Expect: 100-continue";
                        case 16 -> "Host: other.example";
                        case 17 -> "Cookie: " + in.pick(List.of("a=b", "=", ";;;", "x".repeat(2000)));
                        case 18 -> "Transfer-Encoding: " + in.pick(List.of("gzip", "nonsense", "identity"));
                        case 19 -> "Forwarded: for=\"" + in.pick(List.of("[::1]", "garbage", "\u00ff")) + "\"";
                        case 20 -> "X-Forwarded-For: " + in.pick(List.of("garbage", "1.2.3.4, ::1", ""));
                        case 21 -> "Origin: " + in.pick(List.of("null", "http://evil.example", "\u00ff"));
                        case 22 -> "Bad Header: x";
                        default -> "X-Odd: \u00e9\u00ff\u0080";
                    });
            return headers;
        }

        private String[] contentType(byte[] body) {
            return switch (in.nextInt(6)) {
                case 0 -> new String[] {"Content-Type: application/json; charset=utf-16", "utf-16"};
                case 1 ->
                    new String[] {"Content-Type: application/json; charset=iso-8859-1", body == null ? null : "latin1"};
                case 2 ->
                    new String[] {
                        "Content-Type: "
                                + in.pick(List.of(
                                        "application/json;charset=",
                                        "application/json; charset=\"utf-8\"",
                                        "application/problem+json",
                                        "application/merge-patch+json",
                                        "application/json, text/plain",
                                        "application/xml",
                                        "text/json",
                                        "application/json; boundary=x; charset=utf-8; q=1",
                                        "APPLICATION/JSON",
                                        "application/json; charset=utf-32",
                                        "application/x-ndjson",
                                        "application/json\u00ff")),
                        null
                    };
                case 3 -> new String[] {null, null};
                default -> {
                    String[] odd = in.contentType();
                    yield new String[] {odd.length == 0 ? null : odd[0], null};
                }
            };
        }

        private String deep() {
            int depth = 500 + in.nextInt(5_000);
            return switch (in.nextInt(4)) {
                case 0 -> "[".repeat(depth) + "]".repeat(depth);
                case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                case 2 -> {
                    String field =
                            in.pick(List.of("prompt", "messages", "task", "arguments", "content", "name", "tool"));
                    yield "{\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
                }
                default ->
                    "{\"prompt\":\"hi\",\"messages\":[{\"role\":\"user\",\"content\":" + "{\"x\":".repeat(depth) + "1"
                            + "}".repeat(depth) + "}]}";
            };
        }

        private byte[] huge(String good) {
            return switch (in.nextInt(5)) {
                // over any body limit: 1 MiB at the gateway
                case 0 ->
                    utf8(good.replaceFirst("\\{", "{\"pad\":\"" + "p".repeat(1_100_000 + in.nextInt(500_000)) + "\","));
                // a string just over the field limits (100,000 characters for a prompt)
                case 1 -> utf8(setAllStrings(good, "s".repeat(100_001 + in.nextInt(3))));
                case 2 -> {
                    StringBuilder many = new StringBuilder("[");
                    int count = 10_000 + in.nextInt(20_000);
                    for (int i = 0; i < count; i++) {
                        many.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"x\"}");
                    }
                    yield utf8("{\"prompt\":\"hi\",\"messages\":" + many + "],\"agents\":" + many + "]}");
                }
                case 3 -> utf8(setAllStrings(good, "\u0000".repeat(50_000)));
                default -> utf8("{\"prompt\":\"" + "\\u0000".repeat(120_000) + "\"}");
            };
        }

        /** {@code json} with every string value replaced by {@code value}. */
        private String setAllStrings(String json, String value) {
            return json.replaceAll(
                    ":\"(?:[^\"\\\\]|\\\\.)*\"",
                    ":" + java.util.regex.Matcher.quoteReplacement(BadInputs.quote(value)));
        }

        // ---- bodies -------------------------------------------------------------------------

        private String body(Body kind) {
            return switch (kind) {
                case NONE -> "{}";
                case CHAT -> chat();
                case TASK -> task(true);
                case ROUTE -> route();
                case AGENT -> agent();
                case KEY -> key();
                case CHAOS -> obj("failureRate", num(in.pick(List.of("0.0", "0.5", "0", "1"))), "latencyMs", num("0"));
                case EXECUTION -> execution();
                case MEMORY ->
                    obj(
                            "role",
                            str(in.pick(List.of("user", "assistant", "system", "tool"))),
                            "content",
                            str(in.pick(PROMPTS)),
                            "agent",
                            opt(str(in.pick(AGENTS))),
                            "at",
                            opt(str("2026-12-05T00:00:00Z")));
                case CAPABILITY ->
                    obj(
                            "tool",
                            opt(str(in.pick(List.of("list_directory", "read_text_file", "search_files", "get-sum")))),
                            "arguments",
                            opt(obj(
                                    "path",
                                    opt(str(in.pick(List.of(".", "product-faq.md", "../", "/etc/passwd")))),
                                    "a",
                                    opt(num("2")),
                                    "b",
                                    opt(num("3")))),
                            "query",
                            opt(str(in.pick(List.of("add 2 and 3", "faq", "report")))));
            };
        }

        private String chat() {
            String message = obj(
                    "role",
                    str("user"),
                    "content",
                    in.nextInt(5) == 0
                            ? arr(obj("type", str("text"), "text", str(in.pick(PROMPTS))))
                            : str(in.pick(PROMPTS)),
                    "name",
                    opt(str("alice")));
            String system = obj("role", str("system"), "content", str("Answer briefly."));
            return obj(
                    "model",
                    str(in.nextInt(3) == 0 ? in.pick(AGENTS) : "auto"),
                    "messages",
                    in.nextInt(4) == 0 ? arr(system, message) : arr(message),
                    "stream",
                    opt(bool(in.nextInt(4) == 0 ? "true" : "false")),
                    "max_tokens",
                    opt(num("32")),
                    "temperature",
                    opt(num("0.2")),
                    "top_p",
                    opt(num("0.9")),
                    "stop",
                    opt(arr(str("\n\n"))),
                    "user",
                    opt(str("alice")),
                    "response_format",
                    opt(obj("type", str(in.pick(List.of("text", "json_object"))))),
                    "tools",
                    in.nextInt(6) == 0
                            ? arr(obj(
                                    "type",
                                    str("function"),
                                    "function",
                                    obj(
                                            "name",
                                            str("lookup"),
                                            "description",
                                            str("Looks up"),
                                            "parameters",
                                            obj("type", str("object")))))
                            : null);
        }

        private String task(boolean withMessages) {
            return obj(
                    "prompt",
                    str(in.pick(PROMPTS)),
                    "agents",
                    opt(arr(str(in.pick(AGENTS)))),
                    "strategy",
                    opt(str(in.pick(List.of("SINGLE", "PARALLEL", "CASCADE")))),
                    "async",
                    opt(bool(in.nextInt(3) == 0 ? "true" : "false")),
                    "maxCostUsd",
                    opt(num("1")),
                    "conversationId",
                    opt(str("sweep-conversation-" + in.nextInt(20))),
                    "model",
                    opt(str("auto")),
                    "userId",
                    opt(str(USER)),
                    "messages",
                    withMessages ? opt(arr(obj("role", str("user"), "content", str(in.pick(PROMPTS))))) : null,
                    "parameters",
                    opt(obj("temperature", num("0.5"), "maxTokens", num("16"), "stop", opt(arr(str("END"))))));
        }

        private String route() {
            return obj(
                    "prompt",
                    str(in.pick(PROMPTS)),
                    "model",
                    opt(str("auto")),
                    "agents",
                    opt(arr(str(in.pick(AGENTS)))),
                    "strategy",
                    opt(str("SINGLE")));
        }

        private String agent() {
            return obj(
                    "name",
                    str("sweep-agent-" + in.nextInt(20)),
                    "team",
                    str("sweep"),
                    "description",
                    str("Answers questions about sweeping floors"),
                    "keywords",
                    opt(arr(str("sweep"), str("broom"))),
                    "examples",
                    opt(arr(str("How do I sweep a floor?"))),
                    "systemPrompt",
                    opt(str("You sweep.")),
                    "capabilities",
                    opt(arr(str(in.pick(List.of("filesystem", "calculator"))))),
                    "tier",
                    opt(str(in.pick(List.of("free", "cheap", "quality", "premium")))),
                    "expectedLatencyMs",
                    opt(num("100")),
                    "costTier",
                    opt(num("2")),
                    "avgLatencyMs",
                    opt(num("100")));
        }

        private String key() {
            return obj(
                    "userId",
                    str("sweep-key-user-" + in.nextInt(20)),
                    "tier",
                    str(in.pick(List.of("free", "pro", "enterprise"))),
                    "expiresAt",
                    opt(str("2030-01-01T00:00:00Z")),
                    "allowedModels",
                    opt(arr(str("auto"))),
                    "requestsPerMinute",
                    opt(num("10")));
        }

        private String execution() {
            String agent = in.pick(AGENTS);
            return obj(
                    "taskId",
                    str(java.util
                            .UUID
                            .nameUUIDFromBytes(utf8("execution-" + index))
                            .toString()),
                    "task",
                    task(false),
                    "decision",
                    obj(
                            "agent",
                            str(agent),
                            "team",
                            str("code"),
                            "strategy",
                            str("SINGLE"),
                            "confidence",
                            num("0.9"),
                            "candidates",
                            arr(obj("agent", str(agent), "score", num("0.9"))),
                            "agents",
                            arr(str(agent)),
                            "model",
                            opt(str(in.pick(List.of("simulated-1", "gpt-4o-mini"))))));
        }

        // ---- JSON with hostile values -------------------------------------------------------

        private String str(String valid) {
            return switch (mode) {
                case VALID -> BadInputs.quote(valid);
                case STRINGS ->
                    BadInputs.quote(
                            switch (in.nextInt(4)) {
                                case 0 -> in.controls(1 + in.nextInt(20));
                                case 1 -> in.units(1 + in.nextInt(20));
                                default -> in.pick(INVISIBLE);
                            });
                case TYPES -> in.nextInt(2) == 0 ? BadInputs.quote(valid) : in.value(0);
            };
        }

        private String num(String valid) {
            return mode == Mode.TYPES && in.nextInt(2) == 0 ? in.value(0) : valid;
        }

        private String bool(String valid) {
            return mode == Mode.TYPES && in.nextInt(2) == 0 ? in.value(0) : valid;
        }

        /** {@code value}, or {@code null} (the member left out) one time in two. */
        private String opt(String value) {
            return in.nextInt(2) == 0 ? value : null;
        }

        private String arr(String... values) {
            return "["
                    + String.join(
                            ",", Arrays.stream(values).filter(v -> v != null).toList()) + "]";
        }

        /** An object of {@code key, value} pairs; a {@code null} value leaves its member out. */
        private String obj(String... pairs) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i + 1] == null) {
                    continue;
                }
                if (mode == Mode.TYPES && in.nextInt(6) == 0) {
                    continue;
                }
                members.add(BadInputs.quote(pairs[i]) + ":" + pairs[i + 1]);
            }
            if (mode == Mode.TYPES) {
                if (in.nextInt(5) == 0) {
                    members.add(BadInputs.quote(in.text()) + ":" + in.value(0));
                }
                if (!members.isEmpty() && in.nextInt(8) == 0) {
                    members.add(members.get(0));
                }
                Collections.shuffle(members, in.random());
            }
            return "{" + String.join(",", members) + "}";
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
