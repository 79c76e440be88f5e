// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/**
 * Finds a step that satisfies the strong Wolfe conditions with the method of Moré and Thuente.
 *
 * <p>The accepted step α satisfies φ(α) ≤ φ(0) + c₁αφ'(0) (sufficient decrease) and |φ'(α)| ≤
 * c₂|φ'(0)| (curvature). The search keeps an interval of uncertainty and picks each new trial from
 * cubic and quadratic interpolants, with the safeguards of Moré and Thuente, "Line search
 * algorithms with guaranteed sufficient decrease", ACM TOMS 20(3), 1994. Until a trial with φ(α) ≤
 * φ(0) + c₁αφ'(0) and φ'(α) ≥ 0 appears, a trial that lowers φ without sufficient decrease updates
 * the interval through the auxiliary function ψ(α) = φ(α) − c₁αφ'(0), as in the paper.
 *
 * <p>A trial with a non-finite value or gradient is never accepted. The search then halves the
 * distance from the lower endpoint of the interval to that trial. While the lower endpoint lies
 * below the smallest such step, later trials stay below it too.
 */
public final class MoreThuenteLineSearch implements LineSearch {

    /** The smallest step length the search tries. */
    public static final double MIN_STEP = 1e-20;

    /** The largest step length the search tries. */
    public static final double MAX_STEP = 1e20;

    /** Extrapolation bounds, as multiples of the last step increase: [1.1, 4] in the paper. */
    private static final double EXTRAPOLATION_MIN = 1.1;

    private static final double EXTRAPOLATION_MAX = 4.0;

    /**
     * The search bisects when two trials have not shrunk the bracketed interval below this fraction
     * of its width.
     */
    private static final double SHRINK_FRACTION = 0.66;

    /** The search gives up when the bracket's width falls below this fraction of its right end. */
    private static final double RELATIVE_WIDTH_TOLERANCE = 1e-15;

    private final double sufficientDecrease;
    private final double curvature;
    private final int maxEvaluations;

    private MoreThuenteLineSearch(Builder builder) {
        this.sufficientDecrease = builder.sufficientDecrease;
        this.curvature = builder.curvature;
        this.maxEvaluations = builder.maxEvaluations;
    }

    /** Returns a builder with c₁ = 1e-4, c₂ = 0.9 and at most 40 evaluations. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns c₁, the sufficient decrease parameter. */
    public double sufficientDecrease() {
        return sufficientDecrease;
    }

    /** Returns c₂, the curvature parameter. */
    public double curvature() {
        return curvature;
    }

    /** Returns the maximum number of objective calls in one search. */
    public int maxEvaluations() {
        return maxEvaluations;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The initial step is clamped to [{@link #MIN_STEP}, {@link #MAX_STEP}].
     */
    @Override
    public LineSearchResult search(LineFunction function, double initialStep) {
        if (!(initialStep > 0) || !Double.isFinite(initialStep)) {
            throw new IllegalArgumentException(
                    "initialStep must be positive and finite, but is " + initialStep);
        }
        double initialValue = function.initialValue();
        double initialSlope = function.initialSlope();
        if (!(initialSlope < 0)) {
            return new LineSearchResult(
                    LineSearchStatus.NOT_DESCENT_DIRECTION, function.start(), 0);
        }

        double decreaseSlope = sufficientDecrease * initialSlope;
        double curvatureBound = curvature * -initialSlope;
        MoreThuenteInterval interval = new MoreThuenteInterval(initialValue, initialSlope);
        boolean useAuxiliary = true;
        double width = MAX_STEP - MIN_STEP;
        double previousWidth = 2 * width;
        double step = clamp(initialStep);
        double stepMin = 0;
        double stepMax = step + EXTRAPOLATION_MAX * step;
        double nonFiniteStep = Double.POSITIVE_INFINITY;
        int evaluations = 0;

        while (true) {
            if (evaluations == maxEvaluations) {
                return failure(LineSearchStatus.MAX_EVALUATIONS, function, evaluations);
            }
            LineFunction.Trial trial = function.evaluate(step);
            evaluations++;

            if (!trial.isFinite()) {
                // Back off towards the lower endpoint, which always has finite values.
                nonFiniteStep = Math.min(nonFiniteStep, step);
                double shorter = interval.lowerStep + 0.5 * (step - interval.lowerStep);
                if (shorter == step || shorter == interval.lowerStep) {
                    return failure(LineSearchStatus.NON_FINITE, function, evaluations);
                }
                if (evaluations == maxEvaluations) {
                    return failure(LineSearchStatus.NON_FINITE, function, evaluations);
                }
                step = shorter;
                continue;
            }

            double value = trial.value();
            double slope = trial.slope();
            double decreaseBound = initialValue + step * decreaseSlope;
            if (value <= decreaseBound && Math.abs(slope) <= curvatureBound) {
                return new LineSearchResult(LineSearchStatus.SUCCESS, trial, evaluations);
            }
            if (step == MAX_STEP && value <= decreaseBound && slope <= decreaseSlope) {
                return failure(LineSearchStatus.STEP_BOUND_REACHED, function, evaluations);
            }
            if (step == MIN_STEP && (value > decreaseBound || slope >= decreaseSlope)) {
                return failure(LineSearchStatus.STEP_BOUND_REACHED, function, evaluations);
            }
            if (useAuxiliary && value <= decreaseBound && slope >= 0) {
                useAuxiliary = false;
            }

            // Pick the next trial. In the first stage, a trial that lowers φ without sufficient
            // decrease updates the interval through ψ.
            if (useAuxiliary && value <= interval.lowerValue && value > decreaseBound) {
                interval.shift(decreaseSlope);
                step =
                        interval.update(
                                step,
                                value - step * decreaseSlope,
                                slope - decreaseSlope,
                                stepMin,
                                stepMax);
                interval.shift(-decreaseSlope);
            } else {
                step = interval.update(step, value, slope, stepMin, stepMax);
            }

            // Bisect when the bracket shrinks too slowly.
            double lower = interval.lowerStep;
            double upper = interval.upperStep;
            if (interval.bracketed) {
                if (Math.abs(upper - lower) >= SHRINK_FRACTION * previousWidth) {
                    step = lower + 0.5 * (upper - lower);
                }
                previousWidth = width;
                width = Math.abs(upper - lower);
            }

            // Stay clear of steps where the function was not finite.
            if (step >= nonFiniteStep && lower < nonFiniteStep) {
                step = lower + 0.5 * (nonFiniteStep - lower);
            }

            // Bound the step after the next one: by the bracket, or by the extrapolation limits.
            if (interval.bracketed) {
                stepMin = Math.min(lower, upper);
                stepMax = Math.max(lower, upper);
            } else {
                stepMin = step + EXTRAPOLATION_MIN * (step - lower);
                stepMax = step + EXTRAPOLATION_MAX * (step - lower);
            }
            step = clamp(step);

            if (interval.bracketed
                    && (step <= stepMin
                            || step >= stepMax
                            || stepMax - stepMin <= RELATIVE_WIDTH_TOLERANCE * stepMax)) {
                return failure(LineSearchStatus.INTERVAL_TOO_SMALL, function, evaluations);
            }
        }
    }

    private static LineSearchResult failure(
            LineSearchStatus status, LineFunction function, int evaluations) {
        return new LineSearchResult(status, function.bestTrial(), evaluations);
    }

    private static double clamp(double step) {
        return Math.max(MIN_STEP, Math.min(MAX_STEP, step));
    }

    @Override
    public String toString() {
        return "MoreThuenteLineSearch[c1="
                + sufficientDecrease
                + ", c2="
                + curvature
                + ", maxEvaluations="
                + maxEvaluations
                + "]";
    }

    /** Builds a {@link MoreThuenteLineSearch}. */
    public static final class Builder {

        private double sufficientDecrease = 1e-4;
        private double curvature = 0.9;
        private int maxEvaluations = 40;

        private Builder() {}

        /**
         * Sets c₁ of the sufficient decrease condition φ(α) ≤ φ(0) + c₁αφ'(0).
         *
         * @param sufficientDecrease c₁ in (0, 1); default 1e-4
         * @return this builder
         */
        public Builder optSufficientDecrease(double sufficientDecrease) {
            this.sufficientDecrease = sufficientDecrease;
            return this;
        }

        /**
         * Sets c₂ of the curvature condition |φ'(α)| ≤ c₂|φ'(0)|.
         *
         * @param curvature c₂ in [c₁, 1); default 0.9
         * @return this builder
         */
        public Builder optCurvature(double curvature) {
            this.curvature = curvature;
            return this;
        }

        /**
         * Sets the maximum number of objective calls in one search.
         *
         * @param maxEvaluations at least 1; default 40
         * @return this builder
         */
        public Builder optMaxEvaluations(int maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            return this;
        }

        /**
         * Builds the line search.
         *
         * @return the line search
         * @throws IllegalArgumentException if a parameter is out of range
         */
        public MoreThuenteLineSearch build() {
            if (!(sufficientDecrease > 0 && sufficientDecrease < 1)) {
                throw new IllegalArgumentException(
                        "sufficientDecrease (c1) must be in (0, 1), but is " + sufficientDecrease);
            }
            if (!(curvature >= sufficientDecrease && curvature < 1)) {
                throw new IllegalArgumentException(
                        "curvature (c2) must be in [c1, 1) = ["
                                + sufficientDecrease
                                + ", 1), but is "
                                + curvature);
            }
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException(
                        "maxEvaluations must be >= 1, but is " + maxEvaluations);
            }
            return new MoreThuenteLineSearch(this);
        }
    }
}
