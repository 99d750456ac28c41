package dev.agentplatform.devinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the embedded servers the local platform needs and keeps them running until killed.
 *
 * <p>Arguments: {@code --redis-port=N} and/or {@code --postgres-port=N} (only the servers asked
 * for start), {@code --postgres-replica-port=N} (with the PostgreSQL server, a streaming-replication
 * standby of it, made anew from a base backup at each start), {@code --data-dir=DIR} (PostgreSQL
 * data, kept between runs) and {@code --env-file=FILE}, to which {@code REDIS_URL=},
 * {@code DATABASE_URL=} and {@code DATABASE_REPLICA_URL=} lines are written once the servers accept
 * connections.
 */
public final class EmbeddedInfrastructure {

    private EmbeddedInfrastructure() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = parse(args);
        Path dataDir =
                Path.of(options.getOrDefault("data-dir", ".platform/data")).toAbsolutePath();
        List<AutoCloseable> started = new ArrayList<>();
        List<String> env = new ArrayList<>();
        if (options.containsKey("redis-port")) {
            EmbeddedRedis redis = EmbeddedRedis.start(Integer.parseInt(options.get("redis-port")));
            started.add(redis);
            env.add("REDIS_URL=" + redis.url());
        }
        if (options.containsKey("postgres-port")) {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.start(
                    Integer.parseInt(options.get("postgres-port")), dataDir.resolve("postgres"), true);
            started.add(postgres);
            env.add("DATABASE_URL=" + postgres.url());
            if (options.containsKey("postgres-replica-port")) {
                try {
                    PostgresStandby standby = postgres.startStandby(
                            dataDir.resolve("postgres-replica"),
                            Integer.parseInt(options.get("postgres-replica-port")));
                    started.add(standby);
                    env.add("DATABASE_REPLICA_URL=" + standby.url("postgres"));
                } catch (RuntimeException e) {
                    // the platform still runs; the database capability's fallback then queries the primary
                    System.err.println(
                            "no PostgreSQL standby: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
                }
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable server : reversedCopy(started)) {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("stopping " + server + ": " + e);
                }
            }
            stopped.countDown();
        }));
        String lines = String.join("\n", env) + "\n";
        if (options.containsKey("env-file")) {
            Path envFile = Path.of(options.get("env-file"));
            Path partial = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.writeString(partial, lines);
            Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.print(lines);
        System.out.flush();
        stopped.await();
    }

    private static List<AutoCloseable> reversedCopy(List<AutoCloseable> servers) {
        List<AutoCloseable> copy = new ArrayList<>(servers);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
