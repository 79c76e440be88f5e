// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

/**
 * A stage of Adam (Kingma and Ba 2015) through DJL's {@link ai.djl.training.optimizer.Adam}.
 *
 * @param learningRate the step size, positive
 * @param beta1 the decay of the first-moment estimate, in [0, 1)
 * @param beta2 the decay of the second-moment estimate, in [0, 1)
 * @param epsilon the denominator's offset, positive
 * @param weightDecay DJL's L2 weight decay, added to the gradient, non-negative
 * @param iterations the number of updates, positive
 * @param batchSize points per update, or 0 for the full batch
 * @param seed the seed of minibatch shuffling and of Hutchinson's probes
 */
public record AdamStage(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        int iterations,
        int batchSize,
        long seed)
        implements TrainingStage {

    /** Validates the settings. */
    public AdamStage {
        check(
                learningRate > 0 && Double.isFinite(learningRate),
                "learningRate",
                learningRate,
                "positive");
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        check(epsilon > 0 && Double.isFinite(epsilon), "epsilon", epsilon, "positive");
        check(
                weightDecay >= 0 && Double.isFinite(weightDecay),
                "weightDecay",
                weightDecay,
                "non-negative");
        check(iterations > 0, "iterations", iterations, "positive");
        check(batchSize >= 0, "batchSize", batchSize, "positive, or 0 for the full batch");
    }

    /**
     * Creates a full-batch stage with Adam's usual moments {@code β = (0.9, 0.999)}, {@code ε =
     * 1e-8}, no weight decay and seed 0.
     *
     * @param learningRate the step size
     * @param iterations the number of updates
     * @return the stage
     */
    public static AdamStage of(double learningRate, int iterations) {
        return new AdamStage(learningRate, 0.9, 0.999, 1e-8, 0, iterations, 0, 0);
    }

    @Override
    public String optimizerName() {
        return "Adam";
    }

    static void check(boolean valid, String name, double value, String requirement) {
        if (!valid) {
            throw new IllegalArgumentException(
                    "Invalid " + name + " " + value + ": it must be " + requirement);
        }
    }
}
