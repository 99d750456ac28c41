package dev.agentplatform.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A streaming-replication hot standby of an embedded primary, made without {@code pg_basebackup} (the embedded
 * binaries are only {@code initdb}, {@code pg_ctl} and {@code postgres}): a physical replication slot on the
 * primary, a non-exclusive base backup ({@code pg_start_backup} / {@code pg_backup_start}, a file copy of the data
 * directory, {@code pg_stop_backup} / {@code pg_backup_stop} whose label file goes into the copy), then {@code
 * standby.signal} and {@code primary_conninfo}, started with the primary's own binaries by {@code pg_ctl}. The
 * standby is rebuilt on every start: it never serves data older than the primary's at that moment.
 */
public final class PostgresStandby implements AutoCloseable {

    /** What a base backup leaves out (the contents of these directories are made anew by the standby). */
    private static final Set<String> SKIPPED_FILES =
            Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label", "tablespace_map", "standby.signal");

    private static final Set<String> EMPTIED_DIRECTORIES = Set.of(
            "pg_wal",
            "pg_replslot",
            "pg_stat_tmp",
            "pg_dynshmem",
            "pg_notify",
            "pg_serial",
            "pg_snapshots",
            "pg_subtrans");

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private final String primaryJdbcUrl;
    private volatile boolean stopped;

    private PostgresStandby(Path binaries, Path dataDir, int port, String primaryJdbcUrl) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.primaryJdbcUrl = primaryJdbcUrl;
    }

    /**
     * Builds and starts a standby of the embedded primary on {@code primaryPort} (user {@code postgres}, trust
     * authentication, replication allowed from loopback as {@code initdb} sets it up).
     *
     * @param binaries the directory holding {@code pg_ctl} and {@code postgres}
     * @param primaryDataDir the primary's data directory, to copy
     * @param dataDir where the standby lives; anything there is replaced
     * @param port the standby's port
     */
    static PostgresStandby start(Path binaries, Path primaryDataDir, int primaryPort, Path dataDir, int port) {
        String primaryJdbcUrl = "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
        String slot = "standby_" + port;
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                // a standby left running by an earlier run that was killed: stop it before replacing it
                try {
                    new PostgresStandby(binaries, dataDir, port, primaryJdbcUrl).pgCtl("stop", "-m", "immediate", "-w");
                } catch (IOException stale) {
                    // not running after all
                }
            }
            deleteRecursively(dataDir);
            try (Connection primary = DriverManager.getConnection(primaryJdbcUrl, "postgres", "");
                    Statement sql = primary.createStatement()) {
                sql.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "' AND NOT active");
                try (ResultSet exists =
                        sql.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                    if (!exists.next()) {
                        sql.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
                    }
                }
                boolean fifteen = version(sql) >= 150000;
                sql.execute(
                        fifteen
                                ? "SELECT pg_backup_start('standby', true)"
                                : "SELECT pg_start_backup('standby', true, false)");
                copy(primaryDataDir, dataDir);
                try (ResultSet stop = sql.executeQuery(
                        fifteen
                                ? "SELECT labelfile, spcmapfile FROM pg_backup_stop(true)"
                                : "SELECT labelfile, spcmapfile FROM pg_stop_backup(false, true)")) {
                    stop.next();
                    Files.writeString(dataDir.resolve("backup_label"), stop.getString(1));
                    String map = stop.getString(2);
                    if (map != null && !map.isBlank()) {
                        Files.writeString(dataDir.resolve("tablespace_map"), map);
                    }
                }
            }
            Files.writeString(dataDir.resolve("standby.signal"), "");
            Files.writeString(
                    dataDir.resolve("postgresql.auto.conf"),
                    "\nprimary_conninfo = 'host=127.0.0.1 port=" + primaryPort
                            + " user=postgres application_name=standby'\nprimary_slot_name = '" + slot
                            + "'\nhot_standby = on\n",
                    java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.StandardOpenOption.CREATE);
            PostgresStandby standby = new PostgresStandby(binaries, dataDir, port, primaryJdbcUrl);
            standby.pgCtl(
                    "start",
                    "-w",
                    "-t",
                    "120",
                    "-l",
                    dataDir.resolveSibling(dataDir.getFileName() + ".log").toString(),
                    "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=32MB"
                            + " -c unix_socket_directories=''");
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a PostgreSQL standby in " + dataDir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not take a base backup of the primary on port " + primaryPort, e);
        }
    }

    /** The directory of the {@code PG-*} binaries zonky unpacked under {@code workingDir}. */
    static Path binariesUnder(Path workingDir) {
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(workingDir, "PG-*")) {
            for (Path candidate : candidates) {
                if (Files.isExecutable(candidate.resolve("bin").resolve("pg_ctl"))) {
                    return candidate.resolve("bin");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no embedded PostgreSQL binaries (PG-*/bin/pg_ctl) under " + workingDir);
    }

    public int port() {
        return port;
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/<database>}. */
    public String url(String database) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Waits until the standby has replayed everything the primary had written when this was called.
     *
     * @throws IllegalStateException when it has not within {@code timeout}
     */
    public void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection primary = DriverManager.getConnection(primaryJdbcUrl, "postgres", "");
                Statement sql = primary.createStatement();
                ResultSet lsn = sql.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            lsn.next();
            String target = lsn.getString(1);
            while (System.nanoTime() < deadline) {
                try (Connection standby = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                        Statement check = standby.createStatement();
                        ResultSet replayed = check.executeQuery(
                                "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn, pg_is_in_recovery()")) {
                    replayed.next();
                    if (!replayed.getBoolean(2)) {
                        throw new IllegalStateException("the standby on port " + port + " is not in recovery");
                    }
                    if (replayed.getBoolean(1)) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not compare the standby's replay with the primary", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new IllegalStateException("the standby on port " + port + " did not catch up within " + timeout);
    }

    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            pgCtl("stop", "-m", "fast", "-w", "-t", "60");
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the PostgreSQL standby on port " + port + ": " + e);
        }
    }

    private void pgCtl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (asRootWithUnshare()) {
            // as the embedded primary is run: PostgreSQL refuses root, a user namespace makes it someone else
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("pg_ctl").toString());
        command.add("-D");
        command.add(dataDir.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                .start();
        try {
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("pg_ctl " + arguments[0] + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for pg_ctl " + arguments[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("pg_ctl " + arguments[0] + " failed with exit code " + process.exitValue() + " (log: "
                    + dataDir.resolveSibling(dataDir.getFileName() + ".log") + ")");
        }
    }

    private static boolean asRootWithUnshare() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "unshare"))) {
                return true;
            }
        }
        return false;
    }

    private static int version(Statement sql) throws SQLException {
        try (ResultSet version = sql.executeQuery("SHOW server_version_num")) {
            version.next();
            return Integer.parseInt(version.getString(1).trim());
        }
    }

    /** Copies a running cluster's files, leaving out what a base backup leaves out; vanished files are skipped. */
    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                Files.createDirectories(to.resolve(relative.toString()));
                if (relative.getNameCount() == 1 && EMPTIED_DIRECTORIES.contains(relative.toString())) {
                    if (relative.toString().equals("pg_wal")) {
                        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(file);
                String name = file.getFileName().toString();
                if ((relative.getNameCount() == 1 && SKIPPED_FILES.contains(name)) || name.equals("pg_internal.init")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException gone) {
                    // dropped while copying: the WAL replay recreates what matters
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        // PostgreSQL refuses a data directory others may read
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
