package dev.agentplatform.guard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The team's shared public data ({@code ../shared/data}), found from the build's working directory upwards. */
final class SharedData {

    private SharedData() {}

    static Optional<Path> promptInjection() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/prompt-injection");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
