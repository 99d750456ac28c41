package dev.agentplatform.support.security;

import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Gives every outbound call this service's credential: the identity headers the calling code set
 * ({@code X-User-Id}, {@code X-User-Tier}) go into the token and are not sent themselves. A call
 * that already carries an {@code Authorization} header is left alone.
 */
public class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    private final ServiceTokens tokens;

    public ServiceTokenInterceptor(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        HttpHeaders headers = request.getHeaders();
        String token = tokens.issueFor(headers);
        if (!headers.containsHeader(HttpHeaders.AUTHORIZATION)) {
            headers.setBearerAuth(token);
        }
        return execution.execute(request, body);
    }
}
