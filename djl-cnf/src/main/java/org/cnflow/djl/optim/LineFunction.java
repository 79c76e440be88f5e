// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import java.util.Objects;

/**
 * Restricts an objective to a ray, φ(α) = f(x + α d), for a line search.
 *
 * <p>Each {@link #evaluate(double)} calls the objective once and returns a {@link Trial} with φ(α),
 * the slope φ'(α) = ∇f(x + α d)ᵀd, the point and its gradient. The function counts these calls and
 * remembers the finite trial with the lowest value, so that a failed search can still return the
 * best point it saw. Instances are not thread-safe.
 */
public final class LineFunction {

    private final DifferentiableFunction function;
    private final double[] origin;
    private final double[] direction;
    private final Trial start;
    private Trial best;
    private int evaluations;

    /**
     * Creates the restriction of {@code function} to the ray from {@code origin} along {@code
     * direction}, from the value and gradient already known at the origin.
     *
     * @param function the objective f
     * @param origin the start of the ray, x; copied
     * @param originValue f(x), which must be finite
     * @param originGradient ∇f(x), of the same length as x and finite; copied
     * @param direction the search direction d, of the same length as x and finite; copied
     * @throws IllegalArgumentException if the lengths differ or a value at the origin is not finite
     */
    public LineFunction(
            DifferentiableFunction function,
            double[] origin,
            double originValue,
            double[] originGradient,
            double[] direction) {
        this.function = Objects.requireNonNull(function, "function");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(originGradient, "originGradient");
        Objects.requireNonNull(direction, "direction");
        if (originGradient.length != origin.length || direction.length != origin.length) {
            throw new IllegalArgumentException(
                    "origin, originGradient and direction must have the same length, but have "
                            + origin.length
                            + ", "
                            + originGradient.length
                            + " and "
                            + direction.length);
        }
        if (!Double.isFinite(originValue) || !Vectors.allFinite(originGradient)) {
            throw new IllegalArgumentException(
                    "The value and gradient at the origin must be finite, but the value is "
                            + originValue
                            + " and the gradient's max norm is "
                            + Vectors.maxNorm(originGradient));
        }
        if (!Vectors.allFinite(direction)) {
            throw new IllegalArgumentException("The direction has a non-finite entry");
        }
        this.origin = origin.clone();
        this.direction = direction.clone();
        double[] gradient = originGradient.clone();
        this.start =
                new Trial(
                        0,
                        originValue,
                        Vectors.dot(gradient, this.direction),
                        this.origin,
                        gradient);
        this.best = start;
    }

    /**
     * Evaluates φ and φ' at a step length, calling the objective once.
     *
     * @param step the step length α
     * @return the trial at x + α d
     */
    public Trial evaluate(double step) {
        double[] point = new double[origin.length];
        for (int i = 0; i < point.length; i++) {
            point[i] = origin[i] + step * direction[i];
        }
        double[] gradient = new double[origin.length];
        double value = function.evaluate(point, gradient);
        evaluations++;
        Trial trial = new Trial(step, value, Vectors.dot(gradient, direction), point, gradient);
        if (trial.isFinite() && trial.value < best.value) {
            best = trial;
        }
        return trial;
    }

    /** Returns the trial at α = 0, built from the values passed to the constructor. */
    public Trial start() {
        return start;
    }

    /** Returns φ(0). */
    public double initialValue() {
        return start.value;
    }

    /** Returns φ'(0), which is negative when the direction is a descent direction. */
    public double initialSlope() {
        return start.slope;
    }

    /**
     * Returns the finite trial with the lowest value so far, or {@link #start()} when no trial is
     * lower than φ(0).
     */
    public Trial bestTrial() {
        return best;
    }

    /** Returns the number of calls of the objective made through {@link #evaluate(double)}. */
    public int evaluations() {
        return evaluations;
    }

    /** One evaluation of φ: the step length, value, slope, point and gradient. Immutable. */
    public static final class Trial {

        private final double step;
        private final double value;
        private final double slope;
        private final double[] point;
        private final double[] gradient;
        private final boolean finite;

        Trial(double step, double value, double slope, double[] point, double[] gradient) {
            this.step = step;
            this.value = value;
            this.slope = slope;
            this.point = point;
            this.gradient = gradient;
            this.finite =
                    Double.isFinite(value) && Double.isFinite(slope) && Vectors.allFinite(gradient);
        }

        /** Returns the step length α. */
        public double step() {
            return step;
        }

        /** Returns φ(α) = f(x + α d). */
        public double value() {
            return value;
        }

        /** Returns φ'(α) = ∇f(x + α d)ᵀd. */
        public double slope() {
            return slope;
        }

        /** Returns a copy of the point x + α d. */
        public double[] point() {
            return point.clone();
        }

        /** Returns a copy of the gradient ∇f(x + α d). */
        public double[] gradient() {
            return gradient.clone();
        }

        /** Returns whether the value, the slope and every gradient entry are finite. */
        public boolean isFinite() {
            return finite;
        }

        double[] pointArray() {
            return point;
        }

        double[] gradientArray() {
            return gradient;
        }

        @Override
        public String toString() {
            return "Trial[step=" + step + ", value=" + value + ", slope=" + slope + "]";
        }
    }
}
