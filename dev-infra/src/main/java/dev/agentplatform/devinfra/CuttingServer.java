package dev.agentplatform.devinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-shot HTTP server that answers the first request with a chunked {@code text/event-stream}
 * carrying {@code events}, then closes the connection in the middle of the next chunk: a backend
 * that dies mid-stream, which WireMock cannot play.
 */
public final class CuttingServer implements AutoCloseable {

    private static final Duration CUT_AFTER = Duration.ofMillis(300);

    private final ServerSocket socket;
    private final Thread thread;

    /** Starts listening on a free loopback port. */
    public CuttingServer(String events) throws IOException {
        this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(() -> serve(events), "cutting-server");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
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
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Cut a moment later, as a dying backend would, not before the client has the first events.
            Thread.sleep(CUT_AFTER.toMillis());
            // The next chunk announces 4 KiB and never arrives.
            out.write("1000\r\ndata: {".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the test sees the outcome on the client side
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the request head and its body, sized by Content-Length or chunked. */
    private static void readRequest(InputStream in) throws IOException {
        String head = readUntil(in, "\r\n\r\n");
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(
                        line.substring("content-length:".length()).strip()));
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                    in.readNBytes(size + 2);
                }
                readUntil(in, "\r\n");
            }
        }
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = readUntil(in, "\r\n").strip();
        int extension = line.indexOf(';');
        return line.isEmpty() ? 0 : Integer.parseInt(extension < 0 ? line : line.substring(0, extension), 16);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
