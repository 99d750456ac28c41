package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.GuardDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of one {@link InjectionDetector#inspect} after warm-up, single thread, over the prompts the
 * shipped classifier was trained on (deepset from {@code ../shared/data}, where present, and the
 * benign tasks) and over long prompts (the detector's windows). Run: see {@code
 * bench/gateway/guard/README.md}.
 */
final class GuardLatencyBench {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long loadStart = System.nanoTime();
        InjectionDetector detector = InjectionDetector.standard();
        System.out.printf(
                Locale.ROOT, "startup (loading the shipped model): %.0f ms%n", (System.nanoTime() - loadStart) / 1e6);
        List<String> prompts = new ArrayList<>();
        SharedData.promptInjection()
                .ifPresent(folder -> SharedData.deepset(folder).forEach(example -> prompts.add(example.text())));
        GuardDataset.load(GuardDataset.BENIGN_TASKS).forEach(example -> prompts.add(example.text()));
        String longPrompt = "Please review the following report and tell me what it says about rivers. ".repeat(440);
        for (int k = 0; k < 20; k++) {
            for (String prompt : prompts) {
                detector.inspect(prompt);
            }
            for (int j = 0; j < 100; j++) {
                detector.inspect(longPrompt);
            }
        }
        report("short prompts (" + prompts.size() + " distinct, " + rounds + " rounds)", detector, prompts, rounds);
        report("long prompt (" + longPrompt.length() + " chars)", detector, List.of(longPrompt), 2_000);
    }

    private static void report(String label, InjectionDetector detector, List<String> prompts, int rounds) {
        long[] nanos = new long[prompts.size() * rounds];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (String prompt : prompts) {
                long start = System.nanoTime();
                detector.inspect(prompt);
                nanos[n++] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "%s: n=%d p50=%.3f ms p95=%.3f ms p99=%.3f ms max=%.3f ms%n",
                label,
                n,
                nanos[(int) (n * 0.50)] / 1e6,
                nanos[(int) (n * 0.95)] / 1e6,
                nanos[(int) (n * 0.99)] / 1e6,
                nanos[n - 1] / 1e6);
    }
}
