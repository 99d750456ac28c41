package dev.agentplatform.router.classify;

import dev.agentplatform.common.AgentDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What public prompts say about a prompt's team before any agent is looked at: a multinomial
 * logistic regression over the prompt's embedding, trained on prompts nobody on the project wrote
 * ({@code ../shared/data/routing/routing-train.jsonl}, six teams) by {@code TeamPriorTrainer}, and
 * shipped as {@value #RESOURCE}.
 *
 * <p>Agents are not bound to the six trained teams. An agent whose team has one of their names takes
 * that team's probability; any other agent takes the classes its own declared texts (description,
 * keywords, examples) fall into, so an agent registered at run time is weighed by what it says it
 * does, never left out.
 */
public final class TeamPrior {

    /** Where the shipped weights live on the class path. */
    public static final String RESOURCE = "/routing/team-prior.json";

    private final String model;
    private final List<String> classes;
    private final float[][] weights;
    private final float[] bias;

    /**
     * @param model the embedding model the weights were trained over
     * @param classes the trained teams, lower case
     * @param weights one row of {@code dimensions} weights per class
     * @param bias one bias per class
     */
    public TeamPrior(String model, List<String> classes, float[][] weights, float[] bias) {
        if (classes.size() != weights.length || classes.size() != bias.length) {
            throw new IllegalArgumentException("team prior: classes, weights and bias differ in size");
        }
        this.model = model;
        this.classes = classes.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        this.weights = weights;
        this.bias = bias;
    }

    /** The shipped prior (over all-MiniLM-L6-v2, quantized). */
    public static TeamPrior shipped() {
        try (InputStream in = TeamPrior.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return read(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /** A prior from the JSON {@code TeamPriorTrainer} writes. */
    public static TeamPrior read(JsonNode json) {
        List<String> classes =
                json.get("classes").valueStream().map(JsonNode::asString).toList();
        float[][] weights = new float[classes.size()][];
        float[] bias = new float[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            JsonNode row = json.get("weights").get(c);
            weights[c] = new float[row.size()];
            for (int i = 0; i < row.size(); i++) {
                weights[c][i] = (float) row.get(i).asDouble();
            }
            bias[c] = (float) json.get("bias").get(c).asDouble();
        }
        return new TeamPrior(json.get("model").asString(), classes, weights, bias);
    }

    public String model() {
        return model;
    }

    public List<String> classes() {
        return classes;
    }

    float[] weights(int c) {
        return weights[c].clone();
    }

    float bias(int c) {
        return bias[c];
    }

    public int dimensions() {
        return weights[0].length;
    }

    /** The probability of each class (in {@link #classes()} order) for a unit-length embedding. */
    public double[] probabilities(float[] embedding) {
        double[] z = new double[classes.size()];
        for (int c = 0; c < z.length; c++) {
            z[c] = bias[c] + Vectors.dot(weights[c], embedding);
        }
        return softmax(z);
    }

    /** {@code z} turned into probabilities, in place. */
    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /**
     * How much of each class an agent stands for: all of its team's class when the team has one of
     * the trained names, else the mean class probabilities of what it declares ({@code declared}:
     * the embeddings of its description, keywords and examples).
     */
    public double[] affinity(AgentDefinition agent, List<float[]> declared) {
        double[] a = new double[classes.size()];
        int named = classes.indexOf(agent.team().toLowerCase(Locale.ROOT));
        if (named >= 0) {
            a[named] = 1;
            return a;
        }
        if (declared.isEmpty()) {
            Arrays.fill(a, 1.0 / a.length);
            return a;
        }
        for (float[] text : declared) {
            double[] p = probabilities(text);
            for (int c = 0; c < a.length; c++) {
                a[c] += p[c] / declared.size();
            }
        }
        return a;
    }

    /** The prior of an agent of {@code affinity} for a prompt of class {@code probabilities}. */
    public static double of(double[] probabilities, double[] affinity) {
        double p = 0;
        for (int c = 0; c < probabilities.length; c++) {
            p += probabilities[c] * affinity[c];
        }
        return p;
    }
}
