package dev.agentplatform.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.gateway.guard.internal.GuardDataset;
import dev.agentplatform.gateway.guard.internal.InjectionClassifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The detector as shipped (patterns plus classifier at the default threshold), trained on the tune
 * split of the deepset set (plus our ordinary task prompts) and measured on the held-out quarter of
 * deepset it never saw.
 */
class InjectionDetectorEvaluationTest {

    @Test
    void meetsRecallAndFalsePositiveTargetsOnTheHeldOutSplit() {
        GuardDataset.Split split = GuardDataset.split(GuardDataset.load(GuardDataset.DEEPSET));
        List<InjectionClassifier.Example> training = new ArrayList<>(split.tune());
        training.addAll(GuardDataset.load(GuardDataset.BENIGN_TASKS));
        InjectionClassifier classifier = InjectionClassifier.train(training, InjectionClassifier.Settings.DEFAULT);
        GuardProperties defaults =
                new GuardProperties(true, 0.5, Map.of(), List.of(GuardDataset.DEEPSET, GuardDataset.BENIGN_TASKS));
        InputGuard guard = new InputGuard(defaults, classifier, new SimpleMeterRegistry());

        int tp = 0, fn = 0, fp = 0, tn = 0;
        for (InjectionClassifier.Example example : split.heldOut()) {
            boolean blocked = guard.check(example.text(), "free").blocked();
            if (example.injection()) {
                if (blocked) tp++;
                else fn++;
            } else {
                if (blocked) fp++;
                else tn++;
            }
        }
        double recall = tp / (double) (tp + fn);
        double falsePositiveRate = fp / (double) (fp + tn);
        System.out.printf(
                Locale.ROOT,
                "guard held-out (%d prompts): recall %.3f (%d/%d), false-positive rate %.3f (%d/%d)%n",
                split.heldOut().size(),
                recall,
                tp,
                tp + fn,
                falsePositiveRate,
                fp,
                fp + tn);
        assertThat(recall).isGreaterThanOrEqualTo(0.80);
        assertThat(falsePositiveRate).isLessThanOrEqualTo(0.05);
    }
}
