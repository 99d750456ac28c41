package dev.agentplatform.support.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests written byte for byte on a socket: every HTTP client library (WebTestClient, curl
 * without {@code --path-as-is}) normalises or encodes the request target, which is exactly what
 * the tests of the gateway's path decision must not have done for them.
 */
public final class RawHttp {

    /**
     * An answer: the status, the headers (names in lower case; repeated headers joined with
     * {@code ", "}, their count in {@code counts}) and the body.
     */
    public record Response(int status, Map<String, String> headers, Map<String, Integer> counts, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public int count(String name) {
            return counts.getOrDefault(name.toLowerCase(Locale.ROOT), 0);
        }

        /** The answer's media type without parameters, in lower case; {@code null} without one. */
        public String mediaType() {
            String type = header("content-type");
            return type == null ? null : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        }
    }

    private RawHttp() {}

    /**
     * Sends {@code method target HTTP/1.1} with {@code headerLines} (each without CRLF) and {@code
     * body} as JSON.
     */
    public static Response send(int port, String method, String target, String body, String... headerLines) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        String[] lines = headerLines;
        if (body != null) {
            lines = java.util.Arrays.copyOf(headerLines, headerLines.length + 1);
            lines[headerLines.length] = "Content-Type: application/json";
        }
        return sendBytes(port, method, target, bytes, lines);
    }

    /**
     * Sends {@code method target HTTP/1.1} with {@code headerLines} as given (no {@code
     * Content-Type} added) and {@code body}, with a {@code Content-Length} unless the lines carry
     * one or a {@code Transfer-Encoding}.
     */
    public static Response sendBytes(int port, String method, String target, byte[] body, String... headerLines) {
        StringBuilder request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port)
                .append("\r\nConnection: close\r\n");
        boolean framed = false;
        for (String line : headerLines) {
            request.append(line).append("\r\n");
            framed |= line.regionMatches(true, 0, "content-length:", 0, 15)
                    || line.regionMatches(true, 0, "transfer-encoding:", 0, 18);
        }
        byte[] bytes = body == null ? new byte[0] : body;
        if (body != null && !framed) {
            request.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (java.net.SocketException e) {
                // the server may answer and close before it read all of an oversized request
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a server that answers early and closes may reset the connection after its answer
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) {
        // one char per byte, so that positions are byte offsets (chunk sizes count bytes)
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        // an interim answer (100 Continue) comes before the final one
        while (text.matches("(?s)HTTP/\\S+ 1\\d\\d.*") && end >= 0) {
            text = text.substring(end + 4);
            end = text.indexOf("\r\n\r\n");
        }
        // a server may answer in the version the request claimed (Netty does: HTTP/9.9 505)
        if (!text.startsWith("HTTP/") || text.indexOf(' ') < 0 || end < 0) {
            throw new IllegalStateException("not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int space = lines[0].indexOf(' ');
        int status = Integer.parseInt(lines[0].substring(space + 1, space + 4));
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = utf8(lines[i].substring(colon + 1).trim());
            headers.merge(name, value, (a, b) -> a + ", " + b);
            counts.merge(name, 1, Integer::sum);
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, counts, utf8(body));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int position = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", position);
            if (lineEnd < 0) {
                // no body at all (an answer to HEAD) or a cut-off one
                return body.toString();
            }
            int size = Integer.parseInt(
                    chunked.substring(position, lineEnd).split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            position = lineEnd + 2 + size + 2;
        }
    }

    /** {@code latin1} (bytes as chars) read as UTF-8. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
