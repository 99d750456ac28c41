package dev.agentplatform.guard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.InjectionClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** The prompt-injection folder; a test that calls this is skipped, not failed, where it is absent. */
    static Path promptInjectionOrSkip() {
        Optional<Path> folder = promptInjection();
        assumeTrue(folder.isPresent(), "../shared/data/prompt-injection is not here");
        return folder.get();
    }

    /** deepset's public prompts ({@code deepset-train.jsonl} in {@code folder}). */
    static List<InjectionClassifier.Example> deepset(Path folder) {
        return GuardDataset.load(folder.resolve(GuardDataset.DEEPSET_FILE));
    }
}
