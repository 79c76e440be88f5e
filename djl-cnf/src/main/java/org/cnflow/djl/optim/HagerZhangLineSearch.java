// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/**
 * Finds a step that satisfies the Wolfe or approximate Wolfe conditions with the method of Hager
 * and Zhang.
 *
 * <p>A trial α is accepted when either holds:
 *
 * <ul>
 *   <li>the Wolfe conditions φ(α) − φ(0) ≤ δαφ'(0) and φ'(α) ≥ σφ'(0);
 *   <li>the approximate Wolfe conditions (2δ − 1)φ'(0) ≥ φ'(α) ≥ σφ'(0), together with φ(α) ≤ φ(0)
 *       + ε|φ(0)|.
 * </ul>
 *
 * <p>The approximate conditions replace the sufficient decrease test, which rounding errors make
 * unreliable near a minimizer, with a test on the slope. The bound ε|φ(0)| on the value keeps them
 * from accepting a clear increase, but an accepted step can still raise the value by up to ε|φ(0)|.
 * Accepting either set of conditions is the termination rule of the 2005 paper.
 *
 * <p>NOTE: CG_DESCENT (2006) enables the approximate conditions only once f changes little between
 * iterations. That switch needs the optimizer's history, so this class does not implement it and
 * tries both sets of conditions in every search.
 *
 * <p>The search brackets a point with φ' ≥ 0 by expanding the step, then shrinks the bracket [a, b]
 * with double secant steps and bisection, following the procedures "update", "secant²", "bracket"
 * and the line search L0–L3 of Hager and Zhang, "A new conjugate gradient method with guaranteed
 * descent and an efficient line search", SIAM J. Optim. 16(1), 2005. The default parameters are
 * those of "Algorithm 851: CG_DESCENT", ACM TOMS 32(1), 2006: δ = 0.1, σ = 0.9, ε = 1e-6, θ = 0.5,
 * γ = 0.66 and the expansion factor ρ = 5.
 *
 * <p>A trial with a non-finite value or gradient is never accepted. Inside the search it is treated
 * like a trial whose value is too high, so the bracket shrinks towards its finite lower end.
 */
public final class HagerZhangLineSearch implements LineSearch {

    private final double sufficientDecrease;
    private final double curvature;
    private final double approximateWolfeTolerance;
    private final double bisectionWeight;
    private final double shrinkage;
    private final double expansion;
    private final int maxEvaluations;

    private HagerZhangLineSearch(Builder builder) {
        this.sufficientDecrease = builder.sufficientDecrease;
        this.curvature = builder.curvature;
        this.approximateWolfeTolerance = builder.approximateWolfeTolerance;
        this.bisectionWeight = builder.bisectionWeight;
        this.shrinkage = builder.shrinkage;
        this.expansion = builder.expansion;
        this.maxEvaluations = builder.maxEvaluations;
    }

    /** Returns a builder with the parameters of CG_DESCENT and at most 50 evaluations. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns δ, the sufficient decrease parameter. */
    public double sufficientDecrease() {
        return sufficientDecrease;
    }

    /** Returns σ, the curvature parameter. */
    public double curvature() {
        return curvature;
    }

    /**
     * Returns ε, the relative bound on the value increase that the approximate conditions allow.
     */
    public double approximateWolfeTolerance() {
        return approximateWolfeTolerance;
    }

    /** Returns the maximum number of objective calls in one search. */
    public int maxEvaluations() {
        return maxEvaluations;
    }

    @Override
    public LineSearchResult search(LineFunction function, double initialStep) {
        if (!(initialStep > 0) || !Double.isFinite(initialStep)) {
            throw new IllegalArgumentException(
                    "initialStep must be positive and finite, but is " + initialStep);
        }
        if (!(function.initialSlope() < 0)) {
            return new LineSearchResult(
                    LineSearchStatus.NOT_DESCENT_DIRECTION, function.start(), 0);
        }
        return new Search(function).run(initialStep);
    }

    @Override
    public String toString() {
        return "HagerZhangLineSearch[delta="
                + sufficientDecrease
                + ", sigma="
                + curvature
                + ", epsilon="
                + approximateWolfeTolerance
                + ", theta="
                + bisectionWeight
                + ", gamma="
                + shrinkage
                + ", rho="
                + expansion
                + ", maxEvaluations="
                + maxEvaluations
                + "]";
    }

    /** The interval [a, b] with φ'(a) < 0, φ(a) ≤ φ(0) + ε_k and φ'(b) ≥ 0, once bracketed. */
    private record Bracket(LineFunction.Trial low, LineFunction.Trial high) {

        double width() {
            return high.step() - low.step();
        }
    }

    /**
     * The state of one search. A method that returns {@code null} has stopped the search, either
     * with an accepted trial or with a failure status.
     */
    private final class Search {

        private final LineFunction function;
        private final double initialValue;
        private final double initialSlope;

        /** φ(0) + ε_k with ε_k = ε|φ(0)|: the highest value a lower bracket end may have. */
        private final double valueLimit;

        private int evaluations;
        private LineFunction.Trial latest;
        private LineFunction.Trial accepted;
        private LineSearchStatus failure;

        Search(LineFunction function) {
            this.function = function;
            this.initialValue = function.initialValue();
            this.initialSlope = function.initialSlope();
            this.valueLimit = initialValue + approximateWolfeTolerance * Math.abs(initialValue);
        }

        LineSearchResult run(double initialStep) {
            Bracket bracket = initialBracket(initialStep);
            while (bracket != null) {
                // L1: two secant steps. L2: bisect when they shrank the bracket too little.
                Bracket next = secantSquared(bracket);
                if (next != null && next.width() > shrinkage * bracket.width()) {
                    double middle = next.low().step() + 0.5 * next.width();
                    next = update(next, middle);
                }
                if (next != null && !(next.width() < bracket.width())) {
                    fail(LineSearchStatus.INTERVAL_TOO_SMALL);
                    next = null;
                }
                bracket = next;
            }
            if (accepted != null) {
                return new LineSearchResult(LineSearchStatus.SUCCESS, accepted, evaluations);
            }
            LineSearchStatus status = failure;
            if (latest != null && !latest.isFinite()) {
                status = LineSearchStatus.NON_FINITE;
            }
            return new LineSearchResult(status, function.bestTrial(), evaluations);
        }

        /**
         * Evaluates φ at a step and stops the search when the trial is acceptable or the budget is
         * spent. Returns {@code null} when the search has stopped.
         */
        private LineFunction.Trial evaluate(double step) {
            if (evaluations == maxEvaluations) {
                fail(LineSearchStatus.MAX_EVALUATIONS);
                return null;
            }
            LineFunction.Trial trial = function.evaluate(step);
            evaluations++;
            latest = trial;
            if (isAcceptable(trial)) {
                accepted = trial;
                return null;
            }
            return trial;
        }

        private boolean isAcceptable(LineFunction.Trial trial) {
            if (!trial.isFinite() || trial.slope() < curvature * initialSlope) {
                return false;
            }
            boolean wolfe =
                    trial.value() - initialValue
                            <= sufficientDecrease * trial.step() * initialSlope;
            boolean approximateWolfe =
                    trial.slope() <= (2 * sufficientDecrease - 1) * initialSlope
                            && trial.value() <= valueLimit;
            return wolfe || approximateWolfe;
        }

        private void fail(LineSearchStatus status) {
            if (failure == null) {
                failure = status;
            }
        }

        /** Returns whether the trial can be the upper end b of a bracket: φ'(b) ≥ 0. */
        private boolean isUpperEnd(LineFunction.Trial trial) {
            return trial.isFinite() && trial.slope() >= 0;
        }

        /** Returns whether the trial can be the lower end a: φ'(a) < 0 and φ(a) ≤ φ(0) + ε_k. */
        private boolean isLowerEnd(LineFunction.Trial trial) {
            return trial.isFinite() && trial.slope() < 0 && trial.value() <= valueLimit;
        }

        /** Brackets a point with φ' ≥ 0 by expanding the step (procedure "bracket", B0–B3). */
        private Bracket initialBracket(double initialStep) {
            LineFunction.Trial lastLower = function.start();
            LineFunction.Trial trial = evaluate(initialStep);
            while (trial != null) {
                if (isUpperEnd(trial)) {
                    return new Bracket(lastLower, trial);
                }
                if (!isLowerEnd(trial)) {
                    // The value rose above φ(0) + ε_k, or is not finite, while φ' < 0.
                    return bisect(function.start(), trial);
                }
                lastLower = trial;
                trial = evaluate(expansion * trial.step());
            }
            return null;
        }

        /** Shrinks [a, b] with a trial at step c, if c lies inside (procedure "update", U0–U3). */
        private Bracket update(Bracket bracket, double step) {
            if (!(step > bracket.low().step() && step < bracket.high().step())) {
                return bracket;
            }
            LineFunction.Trial trial = evaluate(step);
            if (trial == null) {
                return null;
            }
            if (isUpperEnd(trial)) {
                return new Bracket(bracket.low(), trial);
            }
            if (isLowerEnd(trial)) {
                return new Bracket(trial, bracket.high());
            }
            return bisect(bracket.low(), trial);
        }

        /**
         * Finds a bracket inside [a, b̂] where b̂ has φ' < 0 but a value above φ(0) + ε_k or a
         * non-finite value (step U3 of "update"). Each trial lies at (1 − θ)a + θb̂.
         */
        private Bracket bisect(LineFunction.Trial low, LineFunction.Trial high) {
            while (true) {
                double step = (1 - bisectionWeight) * low.step() + bisectionWeight * high.step();
                if (!(step > low.step() && step < high.step())) {
                    fail(LineSearchStatus.INTERVAL_TOO_SMALL);
                    return null;
                }
                LineFunction.Trial trial = evaluate(step);
                if (trial == null) {
                    return null;
                }
                if (isUpperEnd(trial)) {
                    return new Bracket(low, trial);
                }
                if (isLowerEnd(trial)) {
                    low = trial;
                } else {
                    high = trial;
                }
            }
        }

        /** Takes a secant step and, when it moved an end, a second one (procedure "secant²"). */
        private Bracket secantSquared(Bracket bracket) {
            double step = secant(bracket.low(), bracket.high());
            Bracket next = update(bracket, step);
            if (next == null) {
                return null;
            }
            if (step == next.high().step()) {
                return update(next, secant(bracket.high(), next.high()));
            }
            if (step == next.low().step()) {
                return update(next, secant(bracket.low(), next.low()));
            }
            return next;
        }

        /** Returns the zero of the line through the slopes at a and b. */
        private double secant(LineFunction.Trial a, LineFunction.Trial b) {
            return (a.step() * b.slope() - b.step() * a.slope()) / (b.slope() - a.slope());
        }
    }

    /** Builds a {@link HagerZhangLineSearch}. */
    public static final class Builder {

        private double sufficientDecrease = 0.1;
        private double curvature = 0.9;
        private double approximateWolfeTolerance = 1e-6;
        private double bisectionWeight = 0.5;
        private double shrinkage = 0.66;
        private double expansion = 5;
        private int maxEvaluations = 50;

        private Builder() {}

        /**
         * Sets δ of the Wolfe condition φ(α) − φ(0) ≤ δαφ'(0) and of the approximate Wolfe
         * condition (2δ − 1)φ'(0) ≥ φ'(α).
         *
         * @param sufficientDecrease δ in (0, 0.5); default 0.1
         * @return this builder
         */
        public Builder optSufficientDecrease(double sufficientDecrease) {
            this.sufficientDecrease = sufficientDecrease;
            return this;
        }

        /**
         * Sets σ of the curvature condition φ'(α) ≥ σφ'(0).
         *
         * @param curvature σ in [δ, 1); default 0.9
         * @return this builder
         */
        public Builder optCurvature(double curvature) {
            this.curvature = curvature;
            return this;
        }

        /**
         * Sets ε, which bounds the value at an approximate Wolfe step by φ(0) + ε|φ(0)|.
         *
         * @param approximateWolfeTolerance ε ≥ 0; 0 accepts no increase; default 1e-6
         * @return this builder
         */
        public Builder optApproximateWolfeTolerance(double approximateWolfeTolerance) {
            this.approximateWolfeTolerance = approximateWolfeTolerance;
            return this;
        }

        /**
         * Sets θ, the position (1 − θ)a + θb of each trial when the search bisects [a, b].
         *
         * @param bisectionWeight θ in (0, 1); default 0.5
         * @return this builder
         */
        public Builder optBisectionWeight(double bisectionWeight) {
            this.bisectionWeight = bisectionWeight;
            return this;
        }

        /**
         * Sets γ: the search bisects when a double secant step leaves the bracket wider than γ
         * times its previous width.
         *
         * @param shrinkage γ in (0, 1); default 0.66
         * @return this builder
         */
        public Builder optShrinkage(double shrinkage) {
            this.shrinkage = shrinkage;
            return this;
        }

        /**
         * Sets ρ, the factor by which the search grows the step while it looks for a bracket.
         *
         * @param expansion ρ greater than 1; default 5
         * @return this builder
         */
        public Builder optExpansion(double expansion) {
            this.expansion = expansion;
            return this;
        }

        /**
         * Sets the maximum number of objective calls in one search.
         *
         * @param maxEvaluations at least 1; default 50
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
        public HagerZhangLineSearch build() {
            if (!(sufficientDecrease > 0 && sufficientDecrease < 0.5)) {
                throw new IllegalArgumentException(
                        "sufficientDecrease (delta) must be in (0, 0.5), but is "
                                + sufficientDecrease);
            }
            if (!(curvature >= sufficientDecrease && curvature < 1)) {
                throw new IllegalArgumentException(
                        "curvature (sigma) must be in [delta, 1) = ["
                                + sufficientDecrease
                                + ", 1), but is "
                                + curvature);
            }
            if (!(approximateWolfeTolerance >= 0) || Double.isInfinite(approximateWolfeTolerance)) {
                throw new IllegalArgumentException(
                        "approximateWolfeTolerance (epsilon) must be finite and >= 0, but is "
                                + approximateWolfeTolerance);
            }
            if (!(bisectionWeight > 0 && bisectionWeight < 1)) {
                throw new IllegalArgumentException(
                        "bisectionWeight (theta) must be in (0, 1), but is " + bisectionWeight);
            }
            if (!(shrinkage > 0 && shrinkage < 1)) {
                throw new IllegalArgumentException(
                        "shrinkage (gamma) must be in (0, 1), but is " + shrinkage);
            }
            if (!(expansion > 1) || Double.isInfinite(expansion)) {
                throw new IllegalArgumentException(
                        "expansion (rho) must be finite and > 1, but is " + expansion);
            }
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException(
                        "maxEvaluations must be >= 1, but is " + maxEvaluations);
            }
            return new HagerZhangLineSearch(this);
        }
    }
}
