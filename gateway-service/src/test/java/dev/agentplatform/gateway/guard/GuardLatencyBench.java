package dev.agentplatform.gateway.guard;

import dev.agentplatform.gateway.guard.internal.GuardDataset;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Cost of one {@link InputGuard#check} after warm-up, single thread, over the 655 committed prompts
 * and over long prompts (the guard's windows). Run: see {@code bench/gateway/guard/README.md}.
 */
final class GuardLatencyBench {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        GuardProperties defaults =
                new GuardProperties(true, 0.5, Map.of(), List.of(GuardDataset.DEEPSET, GuardDataset.BENIGN_TASKS));
        long trainStart = System.nanoTime();
        InputGuard guard = new InputGuard(
                defaults,
                new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
        System.out.printf(Locale.ROOT, "startup training: %.0f ms%n", (System.nanoTime() - trainStart) / 1e6);
        List<String> prompts = new ArrayList<>();
        GuardDataset.loadAll(defaults.datasets()).forEach(example -> prompts.add(example.text()));
        String longPrompt = "Please review the following report and tell me what it says about rivers. ".repeat(440);
        for (int k = 0; k < 20; k++) {
            for (String prompt : prompts) {
                guard.check(prompt, "pro");
            }
            for (int j = 0; j < 100; j++) {
                guard.check(longPrompt, "pro");
            }
        }
        report("short prompts (655 distinct, " + rounds + " rounds)", guard, prompts, rounds);
        report("long prompt (" + longPrompt.length() + " chars)", guard, List.of(longPrompt), 2_000);
        new SimpleMeterRegistry().close();
    }

    private static void report(String label, InputGuard guard, List<String> prompts, int rounds) {
        long[] nanos = new long[prompts.size() * rounds];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (String prompt : prompts) {
                long start = System.nanoTime();
                guard.check(prompt, "pro");
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
