package dev.agentplatform.memory.cold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * WARM's and COLD's result lists as one, by weighted reciprocal rank ({@code w / (k + rank)}, WARM
 * weight 1): rank fusion needs no calibration between the two tiers' scores. A WARM result whose
 * sources better results already name is left out (it would repeat them); a fact is kept, since it
 * says something its message does not (who, what, since when).
 */
public final class TierFusion {

    private static final int K = 60;

    private TierFusion() {}

    /**
     * A fused result.
     *
     * @param item the result
     * @param score its fused score
     * @param cold whether it came from the COLD list
     */
    public record Fused<T>(T item, double score, boolean cold) {}

    public static <T> List<Fused<T>> fuse(
            List<T> warm, List<T> cold, double coldWeight, int limit, Function<T, List<String>> sources) {
        List<Fused<T>> all = new ArrayList<>(warm.size() + cold.size());
        for (int i = 0; i < warm.size(); i++) {
            all.add(new Fused<>(warm.get(i), 1.0 / (K + i + 1), false));
        }
        for (int i = 0; i < cold.size(); i++) {
            all.add(new Fused<>(cold.get(i), coldWeight / (K + i + 1), true));
        }
        all.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
        List<Fused<T>> fused = new ArrayList<>(limit);
        Set<String> covered = new HashSet<>();
        for (Fused<T> f : all) {
            if (fused.size() == limit) {
                break;
            }
            List<String> from = sources.apply(f.item());
            if (!f.cold() && covered.containsAll(from)) {
                continue;
            }
            covered.addAll(from);
            fused.add(f);
        }
        return fused;
    }
}
