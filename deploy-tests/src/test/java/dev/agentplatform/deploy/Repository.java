package dev.agentplatform.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the checkout the tests run in (Maven runs each module's tests in the module's folder). */
public final class Repository {

    /** The six services, as their modules, jars and images are named. */
    public static final List<String> SERVICES = List.of(
            "gateway-service",
            "router-service",
            "orchestrator-service",
            "mcp-service",
            "memory-service",
            "cost-service");

    private Repository() {}

    /** The checkout's root: the folder above this module, or above whichever module runs the test. */
    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("no checkout root with docker-compose.yml and deploy/ above " + dir);
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** Files below {@code dir} whose name ends with one of {@code suffixes}, sorted. */
    public static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes)
                            .anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
