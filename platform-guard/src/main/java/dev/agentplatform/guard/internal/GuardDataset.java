package dev.agentplatform.guard.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The labelled prompts ({@code {"text": ..., "label": 0|1}} per line) and their fixed split. */
public final class GuardDataset {

    /** The split used for every number we report: tuning never sees {@code heldOut}. */
    public record Split(List<InjectionClassifier.Example> tune, List<InjectionClassifier.Example> heldOut) {}

    public static final double HELD_OUT_FRACTION = 0.25;
    public static final long SPLIT_SEED = 20261127L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GuardDataset() {}

    /** deepset's file in {@code ../shared/data/prompt-injection}. */
    public static final String DEEPSET_FILE = "deepset-train.jsonl";

    /** Ordinary task prompts and system prompts written for this module (label 0), on the classpath. */
    public static final String BENIGN_TASKS = "guard/benign-tasks.jsonl";

    public static List<InjectionClassifier.Example> loadAll(List<String> classpathLocations) {
        List<InjectionClassifier.Example> all = new ArrayList<>();
        for (String location : classpathLocations) {
            all.addAll(load(location));
        }
        return List.copyOf(all);
    }

    public static List<InjectionClassifier.Example> load(String classpathLocation) {
        ClassLoader loader = GuardDataset.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(classpathLocation)) {
            if (in == null) {
                throw new IllegalStateException("guard data set not on the classpath: " + classpathLocation);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The labelled prompts in {@code file} (such as a file of {@code ../shared/data/prompt-injection}). */
    public static List<InjectionClassifier.Example> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<InjectionClassifier.Example> read(InputStream in) throws IOException {
        List<InjectionClassifier.Example> examples = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            examples.add(new InjectionClassifier.Example(
                    node.get("text").asString(), node.get("label").asInt() == 1));
        }
        return List.copyOf(examples);
    }

    /** Stratified: the same share of injections in both parts, the same split on every run. */
    public static Split split(List<InjectionClassifier.Example> examples) {
        List<InjectionClassifier.Example> positives = new ArrayList<>();
        List<InjectionClassifier.Example> negatives = new ArrayList<>();
        for (InjectionClassifier.Example example : examples) {
            (example.injection() ? positives : negatives).add(example);
        }
        Random random = new Random(SPLIT_SEED);
        Collections.shuffle(positives, random);
        Collections.shuffle(negatives, random);
        int heldOutPositives = (int) Math.round(positives.size() * HELD_OUT_FRACTION);
        int heldOutNegatives = (int) Math.round(negatives.size() * HELD_OUT_FRACTION);
        List<InjectionClassifier.Example> heldOut = new ArrayList<>(positives.subList(0, heldOutPositives));
        heldOut.addAll(negatives.subList(0, heldOutNegatives));
        List<InjectionClassifier.Example> tune = new ArrayList<>(positives.subList(heldOutPositives, positives.size()));
        tune.addAll(negatives.subList(heldOutNegatives, negatives.size()));
        return new Split(List.copyOf(tune), List.copyOf(heldOut));
    }
}
