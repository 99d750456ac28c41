package dev.agentplatform.orchestrator.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A one-shot HTTP server that answers the first request with a chunked {@code text/event-stream}
 * carrying {@code events}, then closes the connection in the middle of the next chunk: a backend
 * that dies mid-stream, which WireMock cannot play.
 */
final class CuttingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;

    CuttingServer(String events) throws IOException {
        this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(() -> serve(events), "cutting-server");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve(String events) {
        try (Socket connection = socket.accept()) {
            InputStream in = connection.getInputStream();
            readRequest(in);
            OutputStream out = connection.getOutputStream();
            byte[] body = events.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(body.length) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            // The next chunk announces 4 KiB and never arrives.
            out.write("\r\n1000\r\ndata: {".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the test sees the outcome on the client side
        }
    }

    /** Reads the request head and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(
                        line.substring("content-length:".length()).strip()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
