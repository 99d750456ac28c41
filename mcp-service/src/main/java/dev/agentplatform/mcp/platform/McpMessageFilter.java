package dev.agentplatform.mcp.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks each JSON-RPC message posted to {@code /mcp} before the SDK's stateless transport reads it, and answers
 * every error as a JSON-RPC error object.
 *
 * <p>The transport (MCP Java SDK) answers a message it cannot map ({@code null}, a call without {@code params}, a
 * string for {@code arguments}) with a 500, and writes every error it raises as the serialised Java exception,
 * stack trace included (about 10 KB a refusal). A client's bad message is a 400 here, with the JSON-RPC code the
 * specification gives it (-32700 parse error, -32600 invalid request, -32602 invalid params) and the request's
 * {@code id}; an error the transport still raises is rewritten to {@code {"jsonrpc":"2.0","id":...,"error":{code,
 * message}}} with its status kept.
 */
final class McpMessageFilter extends OncePerRequestFilter {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    private final JsonMapper json;
    private final int maxBytes;

    McpMessageFilter(JsonMapper json, int maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            // the transport refuses it by its length (413) without reading it
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            write(response, 413, null, INVALID_REQUEST, "The message is larger than " + maxBytes + " bytes");
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(body);
        } catch (JacksonException e) {
            message = null;
        }
        if (message == null || message.isMissingNode()) {
            write(response, 400, null, PARSE_ERROR, "Parse error: the body is not JSON");
            return;
        }
        Refusal refusal = check(message);
        if (refusal != null) {
            write(response, 400, idOf(message), refusal.code(), refusal.message());
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        chain.doFilter(new BufferedBody(request, body), answer);
        if (answer.getStatus() >= 400 && !answer.isCommitted()) {
            byte[] written = answer.getContentAsByteArray();
            JsonNode error = transportError(written);
            if (error != null) {
                answer.resetBuffer();
                write(
                        answer,
                        answer.getStatus(),
                        idOf(message),
                        error.path("code").asInt(INVALID_REQUEST),
                        error.path("message").asString("The message was refused"));
            }
        }
        answer.copyBodyToResponse();
    }

    record Refusal(int code, String message) {}

    /** Why a message cannot be served, or {@code null}: the JSON-RPC envelope, and a tool call's parameters. */
    static Refusal check(JsonNode message) {
        if (!message.isObject()) {
            return new Refusal(INVALID_REQUEST, "Invalid request: a message is a JSON object (batches are not served)");
        }
        if (!"2.0".equals(message.path("jsonrpc").asString(null))) {
            return new Refusal(INVALID_REQUEST, "Invalid request: 'jsonrpc' must be \"2.0\"");
        }
        JsonNode method = message.get("method");
        if (method == null) {
            // a response to a request of the server's: the transport answers it
            return null;
        }
        if (!method.isString() || method.asString().isEmpty()) {
            return new Refusal(INVALID_REQUEST, "Invalid request: 'method' must be a non-empty string");
        }
        JsonNode id = message.get("id");
        if (id != null && !(id.isString() || id.isIntegralNumber())) {
            return new Refusal(INVALID_REQUEST, "Invalid request: 'id' must be a string or an integer");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return new Refusal(INVALID_PARAMS, "Invalid params: 'params' must be an object");
        }
        if ("tools/call".equals(method.asString())) {
            if (params == null || !params.isObject()) {
                return new Refusal(INVALID_PARAMS, "Invalid params: tools/call needs 'params' with the tool's 'name'");
            }
            JsonNode name = params.get("name");
            if (name == null || !name.isString() || name.asString().isBlank()) {
                return new Refusal(INVALID_PARAMS, "Invalid params: 'params.name' must name a tool");
            }
            JsonNode arguments = params.get("arguments");
            if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
                return new Refusal(INVALID_PARAMS, "Invalid params: 'params.arguments' must be an object");
            }
        }
        return null;
    }

    private static JsonNode idOf(JsonNode message) {
        JsonNode id = message == null ? null : message.get("id");
        return id != null && (id.isString() || id.isIntegralNumber()) ? id : null;
    }

    /** The JSON-RPC error of the transport's serialised exception, or {@code null} when it wrote something else. */
    private JsonNode transportError(byte[] written) {
        if (written.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(written);
            JsonNode error = node.get("jsonRpcError");
            return error != null && error.isObject() ? error : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private void write(HttpServletResponse response, int status, JsonNode id, int code, String text)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", text);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("error", error);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The request with its body read already: the transport reads it again from here. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
