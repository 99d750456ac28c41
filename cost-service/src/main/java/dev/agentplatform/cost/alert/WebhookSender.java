package dev.agentplatform.cost.alert;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs alerts to the configured webhook off the request path: signed
 * ({@code X-Platform-Signature: sha256=<hex HMAC-SHA256 of the body>}), retried with doubling
 * pauses on a failure or an answer other than 2xx, given up (and counted) after the last attempt.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final String SIGNATURE = "X-Platform-Signature";

    private final AlertProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cost-alert-webhook");
        thread.setDaemon(true);
        return thread;
    });

    WebhookSender(AlertProperties properties, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    void send(BudgetAlert alert) {
        URI url = properties.webhookUrl();
        if (url == null) {
            return;
        }
        byte[] body = json.writeValueAsBytes(alert);
        executor.execute(() -> attempt(url, alert.alertId(), body, 1));
    }

    private void attempt(URI url, String alertId, byte[] body, int attempt) {
        int status = -1;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("X-Platform-Alert-Id", alertId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (!properties.webhookSecret().isEmpty()) {
                request.header(SIGNATURE, "sha256=" + sign(properties.webhookSecret(), body));
            }
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            log.debug("alert {} delivery {} failed: {}", alertId, attempt, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            meters.counter("cost.budget.alert.deliveries", "outcome", "delivered")
                    .increment();
            return;
        }
        if (attempt >= properties.attempts()) {
            meters.counter("cost.budget.alert.deliveries", "outcome", "given_up")
                    .increment();
            log.warn("alert {} not delivered to {} after {} attempts (last status {})", alertId, url, attempt, status);
            return;
        }
        meters.counter("cost.budget.alert.deliveries", "outcome", "retried").increment();
        long pause = properties.retryBackoff().toMillis() << Math.min(attempt - 1, 10);
        executor.schedule(() -> attempt(url, alertId, body, attempt + 1), pause, TimeUnit.MILLISECONDS);
    }

    /** Hex HMAC-SHA256 of {@code body} under {@code secret}: what a receiver recomputes to trust it. */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
