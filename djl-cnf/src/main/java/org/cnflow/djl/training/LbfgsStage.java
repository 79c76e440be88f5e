// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

/**
 * A full-batch stage of L-BFGS with a Wolfe line search.
 *
 * @param historySize the number of correction pairs kept, positive
 * @param lineSearch the line search
 * @param maxIterations the iteration limit, positive
 * @param gradientTolerance stop when the gradient's largest absolute entry is at most this
 * @param functionTolerance stop when a step changes the loss by at most this times its magnitude; 0
 *     turns the test off
 * @param allowFunctionIncreases whether a step that raises the loss is accepted; when false, such a
 *     step ends the stage, as Optim.jl's {@code allow_f_increases = false} does
 * @param seed the seed of Hutchinson's probes, fixed for the stage so the loss is deterministic
 */
public record LbfgsStage(
        int historySize,
        LineSearchKind lineSearch,
        int maxIterations,
        double gradientTolerance,
        double functionTolerance,
        boolean allowFunctionIncreases,
        long seed)
        implements TrainingStage {

    /** The line searches L-BFGS can use. */
    public enum LineSearchKind {
        /** Moré and Thuente's search for the strong Wolfe conditions. */
        MORE_THUENTE,
        /** Hager and Zhang's search for the approximate Wolfe conditions. */
        HAGER_ZHANG
    }

    /** Validates the settings. */
    public LbfgsStage {
        AdamStage.check(historySize > 0, "historySize", historySize, "positive");
        if (lineSearch == null) {
            throw new IllegalArgumentException("The line search must not be null");
        }
        AdamStage.check(maxIterations > 0, "maxIterations", maxIterations, "positive");
        AdamStage.check(
                gradientTolerance >= 0 && Double.isFinite(gradientTolerance),
                "gradientTolerance",
                gradientTolerance,
                "non-negative");
        AdamStage.check(
                functionTolerance >= 0 && Double.isFinite(functionTolerance),
                "functionTolerance",
                functionTolerance,
                "non-negative");
    }

    /**
     * Creates a stage with history 10, Moré–Thuente, gradient tolerance {@code 1e-8} (Optim.jl's
     * default), no function tolerance, increases allowed and seed 0.
     *
     * @param maxIterations the iteration limit
     * @return the stage
     */
    public static LbfgsStage of(int maxIterations) {
        return new LbfgsStage(10, LineSearchKind.MORE_THUENTE, maxIterations, 1e-8, 0, true, 0);
    }

    @Override
    public String optimizerName() {
        return "L-BFGS";
    }
}
