package dev.agentplatform.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.InjectionClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The detector as shipped (patterns plus classifier at the default threshold), trained on the tune
 * split of the deepset set (plus our ordinary task prompts) and measured on the held-out quarter of
 * deepset it never saw. deepset is read from {@code ../shared/data/prompt-injection}; skipped where
 * that folder is absent.
 */
class InjectionDetectorEvaluationTest {

    @Test
    void meetsRecallAndFalsePositiveTargetsOnTheHeldOutSplit() {
        GuardDataset.Split split = GuardDataset.split(SharedData.deepset(SharedData.promptInjectionOrSkip()));
        List<InjectionClassifier.Example> training = new ArrayList<>(split.tune());
        training.addAll(GuardDataset.load(GuardDataset.BENIGN_TASKS));
        InjectionDetector detector = InjectionDetector.of(
                InjectionClassifier.train(training, InjectionClassifier.Settings.DEFAULT),
                InjectionDetector.DEFAULT_THRESHOLD);

        Confusion confusion = Confusion.of(detector, split.heldOut());
        System.out.printf(
                Locale.ROOT,
                "guard held-out (%d prompts): %s%n",
                split.heldOut().size(),
                confusion);
        assertThat(confusion.recall()).isGreaterThanOrEqualTo(0.80);
        assertThat(confusion.falsePositiveRate()).isLessThanOrEqualTo(0.05);
    }
}
