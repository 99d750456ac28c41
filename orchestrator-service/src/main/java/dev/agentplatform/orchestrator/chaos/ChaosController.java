package dev.agentplatform.orchestrator.chaos;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chaos admin API. The gateway guards it with the admin key; the orchestrator itself only
 * listens inside the platform.
 */
@RestController
class ChaosController {

    private static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final ChaosStore store;
    private final ChaosProperties properties;

    ChaosController(ChaosStore store, ChaosProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /**
     * The body of a PUT; a missing field means none of that kind of chaos.
     *
     * @param failureRate the share of calls that fail, 0.0 to 1.0
     * @param latencyMs how long each call takes, in milliseconds
     */
    record ChaosRequest(Double failureRate, Long latencyMs) {}

    @PutMapping(
            path = "/admin/v1/chaos/agents/{name}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Chaos put(@PathVariable String name, @RequestBody ChaosRequest request) {
        checkName(name);
        if (request == null || (request.failureRate() == null && request.latencyMs() == null)) {
            throw invalid("give failureRate (0.0 to 1.0) and/or latencyMs (milliseconds)");
        }
        double rate = request.failureRate() == null ? 0.0 : request.failureRate();
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw invalid("failureRate must be within 0.0 and 1.0, was " + request.failureRate());
        }
        long latency = request.latencyMs() == null ? 0 : request.latencyMs();
        if (latency < 0 || latency > properties.maxLatencyMs()) {
            throw invalid("latencyMs must be within 0 and " + properties.maxLatencyMs() + ", was " + latency);
        }
        Chaos chaos = new Chaos(name, rate, latency);
        try {
            store.put(chaos);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return chaos;
    }

    @DeleteMapping("/admin/v1/chaos/agents/{name}")
    ResponseEntity<Void> clear(@PathVariable String name) {
        checkName(name);
        try {
            store.remove(name);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/admin/v1/chaos/agents", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Chaos> list() {
        return store.all().stream().sorted(Comparator.comparing(Chaos::agent)).toList();
    }

    private static void checkName(String name) {
        if (name == null || !AGENT_NAME.matcher(name).matches()) {
            throw invalid("agent names are 1 to 64 letters, digits, '_', '.' or '-'");
        }
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }

    private static PlatformException unavailable(RuntimeException cause) {
        return new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Chaos store unavailable",
                        "The chaos settings cannot be stored right now")
                .header(HttpHeaders.RETRY_AFTER, "1");
    }
}
