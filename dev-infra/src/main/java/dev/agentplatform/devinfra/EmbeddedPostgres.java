package dev.agentplatform.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Real PostgreSQL binaries, on loopback, with the data directory where the caller says. */
final class EmbeddedPostgres implements AutoCloseable {

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * @param port the port, 0 for any free one
     * @param dataDir where the cluster lives; kept between runs when {@code keepData}
     */
    static EmbeddedPostgres start(int port, Path dataDir, boolean keepData) {
        try {
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setCleanDataDirectory(!keepData)
                    .setOverrideWorkingDirectory(dataDir.getParent().toFile())
                    .setDataDirectory(dataDir)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "32MB");
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/postgres}. */
    String url() {
        return "postgresql://postgres@127.0.0.1:" + port() + "/postgres";
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
