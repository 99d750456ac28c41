package dev.agentplatform.router.classify;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How prompts are classified. The defaults were tuned on {@code bench/router/dev.tsv} only.
 *
 * @param prototypeWeight share of an agent's dense score that comes from its prototype (the mean of
 *     all its declared texts) rather than its single closest text; default 0.7
 * @param lexicalWeight weight of the keyword signal next to the dense one; default 0.25
 * @param temperature softmax temperature turning scores into calibrated probabilities; default 0.05 (fitted on the dev split: lowest NLL, ECE 0.04)
 * @param centered whether embeddings are compared after removing the mean of all declared texts,
 *     which sharpens MiniLM's otherwise narrow cosine range; default true
 * @param abstainBelow confidence under which the router abstains to the default agent; default 0.3
 * @param defaultAgent agent that takes prompts the router is unsure of; empty means the best-ranked
 *     agent of {@code defaultTeam}, and the top candidate when that team has none; default empty
 * @param defaultTeam team that takes prompts the router is unsure of; default {@code general}
 * @param historyWeight weight of one successfully answered prompt in an agent's prototype after a
 *     refit, relative to one declared text; default 0.5
 * @param historyLimit most remembered prompts per agent used in a refit; default 200
 * @param cacheSize prompts whose embeddings are kept, so one prompt is embedded once; default 2048
 * @param embedThreads threads that run the embedding model, apart from the request threads; default 2
 * @param priorWeight weight of the log team prior learned from public prompts ({@link TeamPrior}) next
 *     to what the agents declare; 0 turns the prior off; default 1.0
 * @param priorSmoothing share of the team prior spread evenly over its teams, so that the prior never
 *     rules an agent out; default 0.1
 * @param bankWeight weight of the public prompts as neighbours ({@link PromptBank}): each agent's
 *     score gains this times the mean cosine of the prompt to its team's closest public prompts, on
 *     the scale of the dense score (before the temperature); 0 turns the bank off; default 1.0
 * @param bankNeighbours how many of a team's closest public prompts are averaged; default 3
 */
@Validated
@ConfigurationProperties("platform.router.classify")
public record ClassifierProperties(
        @DefaultValue("0.7") @DecimalMin("0") @DecimalMax("1")
        double prototypeWeight,

        @DefaultValue("0.25") @DecimalMin("0") double lexicalWeight,
        @DefaultValue("0.05") @Positive double temperature,
        @DefaultValue("true") boolean centered,

        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("1")
        double abstainBelow,

        @DefaultValue("") String defaultAgent,
        @DefaultValue("general") String defaultTeam,
        @DefaultValue("0.5") @DecimalMin("0") double historyWeight,
        @DefaultValue("200") @Min(0) @Max(10_000) int historyLimit,
        @DefaultValue("2048") @Min(0) int cacheSize,
        @DefaultValue("2") @Min(1) @Max(16) int embedThreads,
        @DefaultValue("1.0") @DecimalMin("0") double priorWeight,

        @DefaultValue("0.1") @DecimalMin("0.001") @DecimalMax("1")
        double priorSmoothing,

        @DefaultValue("1.0") @DecimalMin("0") double bankWeight,
        @DefaultValue("3") @Min(1) @Max(100) int bankNeighbours) {

    /** The shipped defaults. */
    public static ClassifierProperties defaults() {
        return new ClassifierProperties(0.7, 0.25, 0.05, true, 0.3, "", "general", 0.5, 200, 2048, 2, 1.0, 0.1, 1.0, 3);
    }
}
