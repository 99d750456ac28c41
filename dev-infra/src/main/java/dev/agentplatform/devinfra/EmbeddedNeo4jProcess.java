package dev.agentplatform.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Neo4j of module {@code dev-neo4j}, started as a process of its own (its Netty and
 * Lucene must not meet the test's classpath) from that module's classes and dependency list, on a
 * free Bolt port, with its data in a directory deleted when it stops.
 */
final class EmbeddedNeo4jProcess implements AutoCloseable {

    private static final String MAIN = "dev.agentplatform.devneo4j.EmbeddedNeo4j";

    private final Process process;
    private final String uri;
    private final Path data;

    private EmbeddedNeo4jProcess(Process process, String uri, Path data) {
        this.process = process;
        this.uri = uri;
        this.data = data;
    }

    static EmbeddedNeo4jProcess start() {
        Path module = module();
        Path classpathFile = module.resolve("target/classpath.txt");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            String classpath = module.resolve("target/classes")
                    + java.io.File.pathSeparator
                    + Files.readString(classpathFile).strip();
            Files.createDirectories(tmp);
            Path data = tmp.resolve("neo4j-" + UUID.randomUUID());
            Path log = tmp.resolve(data.getFileName() + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    classpath,
                    MAIN,
                    "--bolt-port=0",
                    "--data-dir=" + data,
                    "--ephemeral=true"));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                if (Files.exists(log)) {
                    for (String line : Files.readAllLines(log)) {
                        if (line.startsWith("NEO4J_URI=")) {
                            return new EmbeddedNeo4jProcess(
                                    process,
                                    line.substring("NEO4J_URI=".length()).strip(),
                                    data);
                        }
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "embedded Neo4j exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new IllegalStateException("embedded Neo4j did not start within 180 s (log: " + log + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start embedded Neo4j from " + classpathFile + " (built by the dev-neo4j module)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting embedded Neo4j", e);
        }
    }

    /** The dev-neo4j module: {@code platform.dev-neo4j.dir} when set, else found beside this build's modules. */
    private static Path module() {
        String configured = System.getProperty("platform.dev-neo4j.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("dev-neo4j");
            if (Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no dev-neo4j module above " + Path.of("").toAbsolutePath());
    }

    String uri() {
        return uri;
    }

    /** Stops the server (its data is a test's: no clean shutdown waited for long) and deletes its data. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(data)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left below the build's temporary directory; `mvn clean` removes it
        }
    }
}
