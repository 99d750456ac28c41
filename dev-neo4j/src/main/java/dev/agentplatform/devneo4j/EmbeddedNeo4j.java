package dev.agentplatform.devneo4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A real Neo4j (community, embedded) listening for Bolt on loopback, for {@code ./platform up} and
 * for tests: the graph the services reach through {@code neo4j-java-driver} exactly as they reach a
 * Neo4j server in production. It runs as a process of its own because it needs Netty 4.1 and
 * Lucene 9.11, which must not meet the services' classpaths.
 *
 * <p>Arguments: {@code --bolt-port=N} (0: any free port), {@code --data-dir=DIR} (kept between runs
 * unless {@code --ephemeral=true}, then deleted at exit), {@code --page-cache-mb=N} (default 32) and
 * {@code --env-file=FILE}, to which a {@code NEO4J_URI=} line is written once Bolt accepts
 * connections; the same line is printed. Authentication is off: loopback only, local use only.
 */
public final class EmbeddedNeo4j {

    private EmbeddedNeo4j() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = parse(args);
        Path dataDir = Path.of(options.getOrDefault("data-dir", ".platform/data/neo4j"))
                .toAbsolutePath();
        boolean ephemeral = Boolean.parseBoolean(options.getOrDefault("ephemeral", "false"));
        int port = Integer.parseInt(options.getOrDefault("bolt-port", "0"));
        if (port == 0) {
            port = freePort();
        }
        long pageCache = Long.parseLong(options.getOrDefault("page-cache-mb", "32")) * 1024 * 1024;
        Files.createDirectories(dataDir);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .build();
        // the default database is ready once it answers
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                if (ephemeral) {
                    deleteTree(dataDir);
                }
            } catch (Exception e) {
                System.err.println("stopping Neo4j: " + e);
            }
            stopped.countDown();
        }));
        String line = "NEO4J_URI=bolt://127.0.0.1:" + port + "\n";
        if (options.containsKey("env-file")) {
            Path envFile = Path.of(options.get("env-file"));
            Path partial = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.writeString(partial, line);
            Files.move(partial, envFile, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.print(line);
        System.out.flush();
        stopped.await();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
