package dev.agentplatform.cost.costs;

/**
 * The Wilson score interval of a success rate: unlike the normal approximation it stays within
 * [0, 1] and is honest about small samples, so few outcomes give a wide interval.
 *
 * @param rate successes / trials
 * @param low the interval's lower bound
 * @param high its upper bound
 */
record Wilson(double rate, double low, double high) {

    /** z for a two-sided 95% interval. */
    static final double Z95 = 1.959964;

    static Wilson of(long successes, long trials) {
        if (trials <= 0) {
            return new Wilson(0, 0, 1);
        }
        double p = (double) successes / trials;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2.0 * trials)) / denominator;
        double margin = Z95 * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new Wilson(p, Math.max(0, centre - margin), Math.min(1, centre + margin));
    }
}
