// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minimizes a smooth function of a {@code double[]} with the limited-memory BFGS method.
 *
 * <p>Each iteration computes the quasi-Newton direction −H∇f with the two-loop recursion over the
 * last m correction pairs, where H starts from γI with γ = sᵀy/yᵀy of the newest pair (Nocedal and
 * Wright, <i>Numerical Optimization</i>, 2nd ed., Algorithms 7.4 and 7.5). The line search starts
 * from the step α = 1. While no pair is stored, the direction is −∇f and the first trial step is
 * 1/‖∇f‖₂, so the first trial point lies at distance 1 from the iterate. A pair with sᵀy ≤ ε·yᵀy,
 * where ε is the machine epsilon, is not stored, which keeps H positive definite. When rounding
 * makes the direction fail to descend, the memory is cleared and the iteration uses −∇f.
 *
 * <p>The run stops at the first of these tests, checked after each iteration: ‖∇f‖∞ ≤ gradient
 * tolerance, |f_k − f_{k+1}| ≤ function tolerance · max(|f_k|, |f_{k+1}|), ‖x_{k+1} − x_k‖∞ ≤ x
 * tolerance, the iteration limit, or a stop requested by the listener. It also stops when the line
 * search fails, and when the line search returns a higher value while function increases are not
 * allowed. {@link LbfgsResult} contains the best point seen.
 *
 * <p>An instance is immutable and may run several minimizations at once if its line search and
 * listener allow it. The built-in line searches do.
 */
public final class Lbfgs {

    private static final Logger LOGGER = LoggerFactory.getLogger(Lbfgs.class);

    private final int historySize;
    private final LineSearch lineSearch;
    private final int maxIterations;
    private final double gradientTolerance;
    private final double functionTolerance;
    private final double xTolerance;
    private final boolean allowFunctionIncreases;
    private final IterationListener listener;

    private Lbfgs(Builder builder) {
        this.historySize = builder.historySize;
        this.lineSearch = builder.lineSearch;
        this.maxIterations = builder.maxIterations;
        this.gradientTolerance = builder.gradientTolerance;
        this.functionTolerance = builder.functionTolerance;
        this.xTolerance = builder.xTolerance;
        this.allowFunctionIncreases = builder.allowFunctionIncreases;
        this.listener = builder.listener;
    }

    /**
     * Returns a builder with history size 10, the Moré–Thuente line search, at most 1000
     * iterations, gradient tolerance 1e-8, function and x tolerances off and function increases
     * allowed.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Minimizes a function from an initial point.
     *
     * <p>Each call of {@link DifferentiableFunction#evaluate} counts as one evaluation. When the
     * function is not finite at the initial point, the run stops at once with {@link
     * LbfgsStatus#NON_FINITE}. Exceptions thrown by the function or the listener reach the caller.
     *
     * @param function the objective f
     * @param initialPoint x₀, with at least one entry, every entry finite; not modified
     * @return the best point seen, the counters, the status and the history
     * @throws IllegalArgumentException if {@code initialPoint} is empty or has a non-finite entry
     */
    public LbfgsResult minimize(DifferentiableFunction function, double[] initialPoint) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(initialPoint, "initialPoint");
        if (initialPoint.length == 0) {
            throw new IllegalArgumentException(
                    "initialPoint is empty; it needs at least one entry");
        }
        for (int i = 0; i < initialPoint.length; i++) {
            if (!Double.isFinite(initialPoint[i])) {
                throw new IllegalArgumentException(
                        "initialPoint["
                                + i
                                + "] is "
                                + initialPoint[i]
                                + "; every entry must be finite");
            }
        }
        return new Run(function).execute(initialPoint.clone());
    }

    @Override
    public String toString() {
        return "Lbfgs[historySize="
                + historySize
                + ", lineSearch="
                + lineSearch
                + ", maxIterations="
                + maxIterations
                + ", gradientTolerance="
                + gradientTolerance
                + ", functionTolerance="
                + functionTolerance
                + ", xTolerance="
                + xTolerance
                + ", allowFunctionIncreases="
                + allowFunctionIncreases
                + "]";
    }

    /** The state of one minimization. */
    private final class Run {

        private final DifferentiableFunction function;
        private final long startNanos = System.nanoTime();
        private final LbfgsMemory memory = new LbfgsMemory(historySize);
        private final List<IterationRecord> history = new ArrayList<>();

        private double[] point;
        private double value;
        private double[] gradient;
        private double initialValue;
        private double[] bestPoint;
        private double bestValue;
        private double[] bestGradient;
        private int iterations;
        private int evaluations;

        Run(DifferentiableFunction function) {
            this.function = function;
        }

        LbfgsResult execute(double[] initialPoint) {
            point = initialPoint;
            gradient = new double[point.length];
            value = function.evaluate(point, gradient);
            evaluations = 1;
            initialValue = value;
            bestPoint = point;
            bestValue = value;
            bestGradient = gradient;
            if (!Double.isFinite(value) || !Vectors.allFinite(gradient)) {
                record();
                return finish(
                        LbfgsStatus.NON_FINITE,
                        "f(x0) = "
                                + value
                                + " and the gradient's max norm is "
                                + Vectors.maxNorm(gradient));
            }
            boolean proceed = record();
            if (Vectors.maxNorm(gradient) <= gradientTolerance) {
                return finishAtGradientTolerance();
            }

            while (true) {
                if (!proceed) {
                    return finish(LbfgsStatus.STOPPED_BY_LISTENER, "after iteration " + iterations);
                }
                if (iterations >= maxIterations) {
                    return finish(
                            LbfgsStatus.MAX_ITERATIONS,
                            maxIterations
                                    + " iterations, with the gradient's max norm at "
                                    + Vectors.maxNorm(gradient));
                }

                LineSearchResult search = searchAlongDirection();
                LbfgsResult rejected = rejectSearch(search);
                if (rejected != null) {
                    return rejected;
                }

                double previousValue = value;
                double[] step = accept(search.trial());
                proceed = record();

                LbfgsResult converged = testConvergence(previousValue, step);
                if (converged != null) {
                    return converged;
                }
            }
        }

        /**
         * Returns the final result when the line search failed or its trial must not become the
         * next iterate, or {@code null} when the trial is acceptable.
         */
        private LbfgsResult rejectSearch(LineSearchResult search) {
            int iteration = iterations + 1;
            LineFunction.Trial trial = search.trial();
            if (!search.isSuccess()) {
                LbfgsStatus status =
                        search.status() == LineSearchStatus.NON_FINITE
                                ? LbfgsStatus.NON_FINITE
                                : LbfgsStatus.LINE_SEARCH_FAILED;
                return finish(
                        status, "in iteration " + iteration + ", " + search.status().description());
            }
            if (!trial.isFinite()) {
                return finish(
                        LbfgsStatus.NON_FINITE,
                        "in iteration "
                                + iteration
                                + ", the line search returned the non-finite trial "
                                + trial);
            }
            if (trial.value() > value && !allowFunctionIncreases) {
                return finish(
                        LbfgsStatus.FUNCTION_INCREASED,
                        "in iteration "
                                + iteration
                                + ", f rose from "
                                + value
                                + " to "
                                + trial.value()
                                + ", so the point was rejected");
            }
            return null;
        }

        /**
         * Returns the final result when a convergence test passes after the step s from a point
         * with value {@code previousValue}, or {@code null} when the run goes on.
         */
        private LbfgsResult testConvergence(double previousValue, double[] step) {
            if (Vectors.maxNorm(gradient) <= gradientTolerance) {
                return finishAtGradientTolerance();
            }
            double valueChange = Math.abs(previousValue - value);
            double valueScale = Math.max(Math.abs(previousValue), Math.abs(value));
            if (functionTolerance > 0 && valueChange <= functionTolerance * valueScale) {
                return finish(
                        LbfgsStatus.FUNCTION_TOLERANCE,
                        "f changed by "
                                + valueChange
                                + " <= "
                                + functionTolerance
                                + " * "
                                + valueScale
                                + " after "
                                + iterations
                                + " iterations");
            }
            double stepNorm = Vectors.maxNorm(step);
            if (xTolerance > 0 && stepNorm <= xTolerance) {
                return finish(
                        LbfgsStatus.X_TOLERANCE,
                        "the last step's max norm is "
                                + stepNorm
                                + " <= "
                                + xTolerance
                                + " after "
                                + iterations
                                + " iterations");
            }
            return null;
        }

        /** Runs the line search along the quasi-Newton direction, or along −∇f. */
        private LineSearchResult searchAlongDirection() {
            double[] direction = memory.direction(gradient);
            double initialStep = 1;
            if (!memory.isEmpty() && !(Vectors.dot(direction, gradient) < 0)) {
                LOGGER.debug(
                        "Iteration {}: the L-BFGS direction does not descend, so {} pairs are"
                                + " cleared",
                        iterations + 1,
                        memory.size());
                memory.clear();
                direction = memory.direction(gradient);
            }
            if (memory.isEmpty()) {
                double scaled = 1 / Vectors.euclideanNorm(gradient);
                initialStep = Double.isFinite(scaled) ? scaled : 1;
            }

            LineFunction line = new LineFunction(function, point, value, gradient, direction);
            LineSearchResult search = lineSearch.search(line, initialStep);
            evaluations += line.evaluations();
            considerBest(line.bestTrial());
            return search;
        }

        /** Moves to the trial, updates the memory and returns the step s = x_{k+1} − x_k. */
        private double[] accept(LineFunction.Trial trial) {
            double[] step = Vectors.subtract(trial.pointArray(), point);
            double[] gradientChange = Vectors.subtract(trial.gradientArray(), gradient);
            if (!memory.add(step, gradientChange)) {
                LOGGER.debug(
                        "Iteration {}: skipped the update because the curvature condition"
                                + " s'y > eps * y'y failed",
                        iterations + 1);
            }
            point = trial.pointArray();
            value = trial.value();
            gradient = trial.gradientArray();
            considerBest(trial);
            iterations++;
            return step;
        }

        private void considerBest(LineFunction.Trial trial) {
            if (trial.isFinite() && trial.value() < bestValue) {
                bestPoint = trial.pointArray();
                bestValue = trial.value();
                bestGradient = trial.gradientArray();
            }
        }

        /**
         * Appends the current iterate to the history and returns whether the listener continues.
         */
        private boolean record() {
            double elapsedSeconds = (System.nanoTime() - startNanos) * 1e-9;
            IterationRecord record =
                    new IterationRecord(
                            iterations,
                            value,
                            Vectors.maxNorm(gradient),
                            evaluations,
                            elapsedSeconds);
            history.add(record);
            LOGGER.debug(
                    "Iteration {}: f = {}, gradient max norm = {}, {} evaluations",
                    iterations,
                    value,
                    record.gradientNorm(),
                    evaluations);
            return listener.onIteration(record);
        }

        private LbfgsResult finishAtGradientTolerance() {
            return finish(
                    LbfgsStatus.GRADIENT_TOLERANCE,
                    "the gradient's max norm is "
                            + Vectors.maxNorm(gradient)
                            + " <= "
                            + gradientTolerance
                            + " after "
                            + iterations
                            + " iterations");
        }

        private LbfgsResult finish(LbfgsStatus status, String detail) {
            String message = status.description() + ": " + detail;
            LOGGER.debug("L-BFGS stopped: {}", message);
            return new LbfgsResult(
                    bestPoint,
                    bestValue,
                    bestGradient,
                    initialValue,
                    iterations,
                    evaluations,
                    status,
                    message,
                    history);
        }
    }

    /** Builds an {@link Lbfgs} optimizer. */
    public static final class Builder {

        private int historySize = 10;
        private LineSearch lineSearch = MoreThuenteLineSearch.builder().build();
        private int maxIterations = 1000;
        private double gradientTolerance = 1e-8;
        private double functionTolerance;
        private double xTolerance;
        private boolean allowFunctionIncreases = true;
        private IterationListener listener = record -> true;

        private Builder() {}

        /**
         * Sets m, the number of correction pairs kept.
         *
         * @param historySize at least 1; default 10
         * @return this builder
         */
        public Builder optHistorySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        /**
         * Sets the line search.
         *
         * @param lineSearch the line search; default {@link MoreThuenteLineSearch} with c₁ = 1e-4
         *     and c₂ = 0.9
         * @return this builder
         */
        public Builder optLineSearch(LineSearch lineSearch) {
            this.lineSearch = Objects.requireNonNull(lineSearch, "lineSearch");
            return this;
        }

        /**
         * Sets the maximum number of iterations.
         *
         * @param maxIterations at least 0; default 1000
         * @return this builder
         */
        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * Sets the tolerance of the test ‖∇f‖∞ ≤ tolerance. With 0 the test passes only at an
         * exactly zero gradient.
         *
         * @param gradientTolerance finite and at least 0; default 1e-8
         * @return this builder
         */
        public Builder optGradientTolerance(double gradientTolerance) {
            this.gradientTolerance = gradientTolerance;
            return this;
        }

        /**
         * Sets the tolerance of the test |f_k − f_{k+1}| ≤ tolerance · max(|f_k|, |f_{k+1}|).
         *
         * @param functionTolerance finite and at least 0; 0 turns the test off; default 0
         * @return this builder
         */
        public Builder optFunctionTolerance(double functionTolerance) {
            this.functionTolerance = functionTolerance;
            return this;
        }

        /**
         * Sets the tolerance of the test ‖x_{k+1} − x_k‖∞ ≤ tolerance, in the units of x.
         *
         * @param xTolerance finite and at least 0; 0 turns the test off; default 0
         * @return this builder
         */
        public Builder optXTolerance(double xTolerance) {
            this.xTolerance = xTolerance;
            return this;
        }

        /**
         * Sets whether the run may move to a point with a higher value than the current iterate.
         * The Hager–Zhang line search can return such a point, up to ε|f| higher. When false, the
         * run rejects that point and stops with {@link LbfgsStatus#FUNCTION_INCREASED}.
         *
         * @param allowFunctionIncreases default true
         * @return this builder
         */
        public Builder optAllowFunctionIncreases(boolean allowFunctionIncreases) {
            this.allowFunctionIncreases = allowFunctionIncreases;
            return this;
        }

        /**
         * Sets the listener called after every iteration, including iteration 0.
         *
         * @param listener the listener; default one that never stops the run
         * @return this builder
         */
        public Builder optIterationListener(IterationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if a setting is out of range
         */
        public Lbfgs build() {
            if (historySize < 1) {
                throw new IllegalArgumentException(
                        "historySize must be >= 1, but is " + historySize);
            }
            if (maxIterations < 0) {
                throw new IllegalArgumentException(
                        "maxIterations must be >= 0, but is " + maxIterations);
            }
            requireTolerance("gradientTolerance", gradientTolerance);
            requireTolerance("functionTolerance", functionTolerance);
            requireTolerance("xTolerance", xTolerance);
            return new Lbfgs(this);
        }

        private static void requireTolerance(String name, double tolerance) {
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException(
                        name + " must be finite and >= 0, but is " + tolerance);
            }
        }
    }
}
