package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.support.http.RawHttp;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every admin and agent-write operation, under every spelling of its path a prober tries (matrix
 * parameters, percent-encoded letters, case, empty and dot segments, encoded slashes, query and
 * fragment tricks, control characters, absolute form), sent byte for byte with user keys: none may
 * reach the operation. The services behind are WireMock stubs that answer every request with a
 * success, so a request that got through would both show as 2xx and be recorded there; the
 * gateway's own key admin is checked by what it stores. The same operations in their one canonical
 * spelling with the admin key do reach, which shows the harness can see a request get through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathSpellingsIT {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension orchestrator = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String KEY_REQUEST = "{\"userId\":\"spelling-evil\",\"tier\":\"enterprise\"}";
    private static final String AGENT = "{\"name\":\"evil\",\"team\":\"code\",\"description\":\"d\","
            + "\"keywords\":[\"k\"],\"costTier\":1,\"avgLatencyMs\":1}";
    private static final String CHAOS = "{\"failureRate\":1.0,\"latencyMs\":0}";

    /** An operation that needs the admin key. */
    private record Operation(String method, String path, String body) {}

    private TwoGateways gateways;
    private int port;
    private String userKey;
    private String victimId;
    private String victimKey;

    @BeforeAll
    void start() {
        TwoGateways.flushRedis();
        gateways = TwoGateways.start(
                1,
                router.baseUrl(),
                Map.of(
                        "platform.gateway.routes.orchestrator-url", orchestrator.baseUrl(),
                        "platform.gateway.cache.enabled", false,
                        "platform.gateway.semantic.enabled", false,
                        "platform.gateway.ratelimit.enabled", false));
        port = gateways.port(0);
        var client = GatewayApiTest.client(port);
        userKey = TwoGateways.issueKey(client, "spelling-user", "pro");
        var victim = TwoGateways.issue(client, "{\"userId\": \"spelling-victim\", \"tier\": \"pro\"}");
        victimId = victim.get("id").asString();
        victimKey = victim.get("key").asString();
    }

    @AfterAll
    void stop() {
        if (gateways != null) {
            gateways.close();
        }
        TwoGateways.flushRedis();
    }

    private List<Operation> operations() {
        return List.of(
                new Operation("POST", "/admin/v1/keys", KEY_REQUEST),
                new Operation("DELETE", "/admin/v1/keys/" + victimId, null),
                new Operation("GET", "/admin/v1/chaos/agents", null),
                new Operation("PUT", "/admin/v1/chaos/agents/python", CHAOS),
                new Operation("DELETE", "/admin/v1/chaos/agents/python", null),
                new Operation("POST", "/v1/agents", AGENT),
                new Operation("PUT", "/v1/agents/python", AGENT),
                new Operation("DELETE", "/v1/agents/python", null));
    }

    @Test
    void noSpellingOfAnAdminOrAgentWriteReachesItWithAUserKey() {
        router.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        orchestrator.stubFor(
                any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        int keysBefore = issuedKeys();

        List<String> reached = new ArrayList<>();
        int tried = 0;
        for (Operation operation : operations()) {
            List<String> spellings = spellings(operation.path());
            assertThat(spellings).as(operation.path()).hasSizeGreaterThanOrEqualTo(50);
            for (String spelling : spellings) {
                for (String key : List.of(userKey, GatewayApiTest.DEV_KEY)) {
                    tried++;
                    RawHttp.Response response = RawHttp.send(
                            port, operation.method(), spelling, operation.body(), "Authorization: Bearer " + key);
                    // every refusal is a client error; a 5xx would mean the request got somewhere
                    if (response.status() < 400 || response.status() >= 500) {
                        reached.add(operation.method() + " " + spelling + " -> " + response.status());
                    }
                }
            }
        }

        assertThat(reached)
                .as("spellings answered other than 4xx, of %d tried", tried)
                .isEmpty();
        assertThat(writes(router)).as("requests the router saw").isEmpty();
        assertThat(orchestrator.getAllServeEvents())
                .as("requests the orchestrator saw")
                .isEmpty();
        assertThat(issuedKeys()).as("keys issued").isEqualTo(keysBefore);
        // the victim's key was not revoked by any spelling of its DELETE
        assertThat(RawHttp.send(port, "GET", "/v1/agents", null, "Authorization: Bearer " + victimKey)
                        .status())
                .isEqualTo(200);
        assertThat(tried).isGreaterThanOrEqualTo(8 * 50 * 2);

        // the canonical spellings with the admin key do get through: the harness sees a reach
        for (Operation operation : operations()) {
            if (operation.method().equals("PUT") && operation.path().startsWith("/v1/agents")) {
                continue; // no such operation: the registry has no PUT
            }
            RawHttp.Response response = RawHttp.send(
                    port,
                    operation.method(),
                    operation.path(),
                    operation.body(),
                    "Authorization: Bearer " + TwoGateways.ADMIN_KEY);
            assertThat(response.status())
                    .as(operation.method() + " " + operation.path() + ": " + response.body())
                    .isBetween(200, 299);
        }
        assertThat(writes(router)).hasSize(2);
        assertThat(orchestrator.getAllServeEvents()).hasSize(3);
        assertThat(issuedKeys()).isEqualTo(keysBefore + 1);
        assertThat(RawHttp.send(port, "GET", "/v1/agents", null, "Authorization: Bearer " + victimKey)
                        .status())
                .isEqualTo(401);
    }

    /** The spellings of {@code path} a prober tries; at least 50 for every operation. */
    static List<String> spellings(String path) {
        String[] segments = path.substring(1).split("/");
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        // matrix parameters on each segment
        for (int i = 0; i < segments.length; i++) {
            out.add(join(segments, i, segments[i] + ";x"));
            out.add(join(segments, i, segments[i] + ";"));
            out.add(join(segments, i, segments[i] + ";jsessionid=1"));
            out.add(join(segments, i, segments[i] + "%3bx"));
        }
        // each letter percent-encoded, lower-case hex; the first of each segment in upper-case hex too
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isLetter(c)) {
                out.add(path.substring(0, i) + String.format("%%%02x", (int) c) + path.substring(i + 1));
            }
        }
        for (int i = 0; i < segments.length; i++) {
            out.add(join(segments, i, String.format("%%%02X", (int) segments[i].charAt(0)) + segments[i].substring(1)));
        }
        StringBuilder allEncoded = new StringBuilder();
        for (char c : path.toCharArray()) {
            allEncoded.append(Character.isLetter(c) ? String.format("%%%02x", (int) c) : String.valueOf(c));
        }
        out.add(allEncoded.toString());
        // double encoding
        out.add("/%25" + Integer.toHexString(path.charAt(1)) + path.substring(2));
        // case
        out.add(path.toUpperCase(Locale.ROOT));
        for (int i = 0; i < segments.length; i++) {
            out.add(join(segments, i, segments[i].toUpperCase(Locale.ROOT)));
            out.add(join(segments, i, Character.toUpperCase(segments[i].charAt(0)) + segments[i].substring(1)));
        }
        // empty segments
        out.add("/" + path);
        out.add(path + "//");
        for (int i = 0; i < segments.length; i++) {
            out.add(join(segments, i, "/" + segments[i]));
        }
        // dot segments
        out.add("/." + path);
        out.add(path + "/.");
        out.add(path + "/..");
        out.add("/%2e" + path);
        out.add("/.%2e" + path);
        for (int i = 0; i < segments.length; i++) {
            out.add(join(segments, i, "./" + segments[i]));
            out.add(join(segments, i, "x/../" + segments[i]));
            out.add(join(segments, i, "x/%2e%2e/" + segments[i]));
        }
        // trailing slash
        out.add(path + "/");
        // encoded and backward slashes
        for (int i = 1; i < segments.length; i++) {
            out.add(slashAt(segments, i, "%2f"));
            out.add(slashAt(segments, i, "%2F"));
            out.add(slashAt(segments, i, "%5c"));
            out.add(slashAt(segments, i, "\\"));
            out.add(slashAt(segments, i, "%c0%af"));
        }
        // query, fragment and other tricks
        out.add(path + "?x=1;y");
        out.add(path + "?");
        out.add(path + "?/../x");
        out.add(path + "?%2f..%2f");
        out.add(path + "#fragment");
        out.add(path + "%23fragment");
        out.add(path + "\t");
        out.add(path.replaceFirst("/", "/\t"));
        out.add(path + "%09");
        out.add(path + "%00");
        out.add(path + "%00.json");
        out.add(path + "%20");
        out.add("/%ef%bd%81" + path.substring(2));
        out.add("http://127.0.0.1" + path);
        out.add("http://127.0.0.1" + join(segments, 0, segments[0] + ";x"));
        out.add("HTTP://127.0.0.1//" + path.substring(1));
        return new ArrayList<>(out);
    }

    private static String join(String[] segments, int replaced, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            path.append('/').append(i == replaced ? replacement : segments[i]);
        }
        return path.toString();
    }

    /** The path with the slash before segment {@code i} written as {@code slash}. */
    private static String slashAt(String[] segments, int i, String slash) {
        StringBuilder path = new StringBuilder();
        for (int j = 0; j < segments.length; j++) {
            path.append(j == i ? slash : "/").append(segments[j]);
        }
        return path.toString();
    }

    private static List<ServeEvent> writes(WireMockExtension service) {
        return service.getAllServeEvents().stream()
                .filter(e -> !e.getRequest().getMethod().getName().equals("GET"))
                .toList();
    }

    /** How many keys were issued for the user the probes ask a key for, from the source of truth. */
    private static int issuedKeys() {
        TestDatabase database = TwoGateways.database();
        try (var connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                var statement = connection.prepareStatement(
                        "SELECT count(*) FROM gateway.api_keys WHERE user_id = 'spelling-evil'")) {
            var rows = statement.executeQuery();
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
