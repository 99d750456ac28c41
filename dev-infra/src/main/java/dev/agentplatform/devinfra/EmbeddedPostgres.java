package dev.agentplatform.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Real PostgreSQL binaries, on loopback, with the data directory where the caller says. */
final class EmbeddedPostgres implements AutoCloseable {

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
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
                    .setServerConfig("shared_buffers", "32MB")
                    // a standby's slot must not keep WAL without bound while the standby is away
                    .setServerConfig("max_slot_wal_keep_size", "1GB");
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgres(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    int port() {
        return server.getPort();
    }

    /**
     * Builds and starts a streaming-replication standby of this server in {@code standbyDir} on {@code port}; see
     * {@link PostgresStandby}.
     */
    PostgresStandby startStandby(Path standbyDir, int port) {
        return PostgresStandby.start(
                PostgresStandby.binariesUnder(dataDir.getParent()), dataDir, port(), standbyDir, port);
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
