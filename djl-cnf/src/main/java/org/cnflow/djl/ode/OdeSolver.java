// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Explicit Runge–Kutta solver for ordinary differential equations whose state is an NDArray.
 *
 * <p>The state may have any shape; a batch of points is one state. States are float32 or float64,
 * and time is always kept in double. The solver integrates forwards ({@code t1 > t0}) or backwards
 * ({@code t1 < t0}).
 *
 * <p>In adaptive mode (the default) each step of the embedded pair is accepted when the scaled
 * error {@code ‖dt Σ e_i k_i / (abstol + reltol · max(|y|, |y_new|))‖} is at most 1, with the norm
 * chosen by {@link Builder#optErrorNorm(ErrorNorm)}; a {@link PiController} picks the next step
 * size, and the first step comes from the heuristic of Hairer, Nørsett and Wanner (Solving Ordinary
 * Differential Equations I, II.4) unless one is given. In fixed-step mode the interval is cut into
 * equal steps of the same tableau and no error is estimated.
 *
 * <p>Each step runs inside its own {@link NDManager}, so native memory does not grow with the
 * number of steps. A solve that cannot finish throws {@link OdeSolverException}.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class OdeSolver {

    private final ButcherTableau tableau;
    private final double absoluteTolerance;
    private final double relativeTolerance;
    private final ErrorNorm errorNorm;
    private final PiController controller;
    private final double firstStep;
    private final double maxStepSize;
    private final double minStepSize;
    private final int maxSteps;
    private final int fixedSteps;
    private final int errorColumns;
    private final NDIndex errorIndex;

    private OdeSolver(Builder builder) {
        tableau = builder.tableau;
        absoluteTolerance = builder.absoluteTolerance;
        relativeTolerance = builder.relativeTolerance;
        errorNorm = builder.errorNorm;
        controller =
                builder.controller != null
                        ? builder.controller
                        : PiController.forOrder(tableau.getOrder());
        firstStep = builder.firstStep;
        maxStepSize = builder.maxStepSize;
        minStepSize = builder.minStepSize;
        maxSteps = builder.maxSteps;
        fixedSteps = builder.fixedSteps;
        errorColumns = builder.errorColumns;
        errorIndex = errorColumns > 0 ? new NDIndex(":, :" + errorColumns) : null;
    }

    /**
     * Creates a builder with Tsit5, {@code abstol = 1e-6} and {@code reltol = 1e-3}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Solves {@code dy/dt = f(t, y)}, {@code y(t0) = y0}, to {@code t1}.
     *
     * @param function the right-hand side
     * @param y0 the initial state, float32 or float64, not changed by the solve
     * @param t0 the initial time
     * @param t1 the end time, before {@code t0} to integrate backwards
     * @param saveAt times at which to save the state, within {@code [t0, t1]} and ordered from
     *     {@code t0} towards {@code t1}
     * @return the final state, the saved states and the counters, attached to {@code y0}'s manager
     * @throws IllegalArgumentException if an argument is invalid
     * @throws OdeSolverException if the solve cannot reach {@code t1}
     */
    public OdeSolution solve(
            OdeFunction function, NDArray y0, double t0, double t1, double... saveAt) {
        checkArguments(y0, t0, t1, saveAt);
        Run run = new Run(function, y0, t0, t1, saveAt.clone());
        return run.execute();
    }

    /**
     * Returns the tableau this solver steps with.
     *
     * @return the tableau
     */
    public ButcherTableau getTableau() {
        return tableau;
    }

    /**
     * Returns the absolute tolerance.
     *
     * @return the absolute tolerance
     */
    public double getAbsoluteTolerance() {
        return absoluteTolerance;
    }

    /**
     * Returns the relative tolerance.
     *
     * @return the relative tolerance
     */
    public double getRelativeTolerance() {
        return relativeTolerance;
    }

    /**
     * Returns the error norm of the adaptive mode.
     *
     * @return the error norm
     */
    public ErrorNorm getErrorNorm() {
        return errorNorm;
    }

    /**
     * Returns the number of equal steps in fixed-step mode.
     *
     * @return the number of steps, or 0 in adaptive mode
     */
    public int getFixedSteps() {
        return fixedSteps;
    }

    /**
     * Returns how many leading columns of a state the error control covers.
     *
     * @return the number of columns, or 0 for the whole state
     */
    public int getErrorColumns() {
        return errorColumns;
    }

    /**
     * Returns the limit on attempted steps, accepted and rejected together.
     *
     * @return the step limit
     */
    public int getMaxSteps() {
        return maxSteps;
    }

    /**
     * Returns a builder that starts from this solver's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tableau = tableau;
        builder.absoluteTolerance = absoluteTolerance;
        builder.relativeTolerance = relativeTolerance;
        builder.errorNorm = errorNorm;
        builder.controller = controller;
        builder.firstStep = firstStep;
        builder.maxStepSize = maxStepSize;
        builder.minStepSize = minStepSize;
        builder.maxSteps = maxSteps;
        builder.fixedSteps = fixedSteps;
        builder.errorColumns = errorColumns;
        return builder;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        if (fixedSteps > 0) {
            return "OdeSolver(" + tableau + ", " + fixedSteps + " fixed steps)";
        }
        return "OdeSolver("
                + tableau
                + ", abstol="
                + absoluteTolerance
                + ", reltol="
                + relativeTolerance
                + ", norm="
                + errorNorm
                + ")";
    }

    private void checkArguments(NDArray y0, double t0, double t1, double[] saveAt) {
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException(
                    "The time span must be finite, got t0 = " + t0 + ", t1 = " + t1);
        }
        DataType type = y0.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException(
                    "The initial state must be float32 or float64, got "
                            + type
                            + ": convert it with toType");
        }
        if (y0.size() == 0) {
            throw new IllegalArgumentException(
                    "The initial state is empty (shape " + y0.getShape() + ")");
        }
        if (!StateAlgebra.isFinite(y0)) {
            throw new IllegalArgumentException(
                    "The initial state of shape "
                            + y0.getShape()
                            + " contains NaN or infinity: check the values before solving");
        }
        if (errorColumns > 0
                && (y0.getShape().dimension() < 2 || y0.getShape().get(1) < errorColumns)) {
            throw new IllegalArgumentException(
                    "The error control covers "
                            + errorColumns
                            + " columns, but the state has shape "
                            + y0.getShape());
        }
        double direction = Math.signum(t1 - t0);
        double previous = t0;
        for (int i = 0; i < saveAt.length; i++) {
            double time = saveAt[i];
            boolean inside =
                    Double.isFinite(time)
                            && (time - t0) * direction >= 0
                            && (t1 - time) * direction >= 0
                            && (direction != 0 || time == t0);
            if (!inside) {
                throw new IllegalArgumentException(
                        "Save time "
                                + time
                                + " (index "
                                + i
                                + ") lies outside the time span ["
                                + t0
                                + ", "
                                + t1
                                + "]");
            }
            if ((time - previous) * direction < 0) {
                throw new IllegalArgumentException(
                        "Save times must be ordered from t0 towards t1, but "
                                + time
                                + " (index "
                                + i
                                + ") comes after "
                                + previous);
            }
            previous = time;
        }
    }

    /** The mutable state of one solve. */
    private final class Run {

        private final OdeFunction function;
        private final NDArray y0;
        private final double t0;
        private final double t1;
        private final double direction;
        private final double[] saveAt;
        private final NDManager outputManager;
        private final NDList saved;
        private final int stages;
        private final boolean firstSameAsLast;

        private int evaluations;
        private int accepted;
        private int rejected;
        private int nextSave;
        private double t;
        private double stepSize;
        private StepArithmetic arithmetic;

        Run(OdeFunction function, NDArray y0, double t0, double t1, double[] saveAt) {
            this.function = function;
            this.y0 = y0;
            this.t0 = t0;
            this.t1 = t1;
            this.direction = Math.signum(t1 - t0);
            this.saveAt = saveAt;
            this.outputManager = y0.getManager();
            this.saved = new NDList(saveAt.length);
            this.stages = tableau.getStages();
            this.firstSameAsLast = tableau.isFirstSameAsLast();
            this.t = t0;
        }

        OdeSolution execute() {
            while (nextSave < saveAt.length && saveAt[nextSave] == t0) {
                saved.add(y0.duplicate());
                nextSave++;
            }
            if (t0 == t1) {
                return new OdeSolution(y0.duplicate(), saveAt, saved, stats());
            }
            try (NDManager solveManager = outputManager.newSubManager()) {
                arithmetic =
                        new StepArithmetic(
                                solveManager,
                                tableau,
                                y0.getDataType(),
                                absoluteTolerance,
                                relativeTolerance);
                NDArray y = fixedSteps > 0 ? solveFixed(solveManager) : solveAdaptive(solveManager);
                NDArray finalState = y;
                finalState.attach(outputManager);
                return new OdeSolution(finalState, saveAt, saved, stats());
            } catch (RuntimeException e) {
                saved.close();
                throw e;
            }
        }

        private NDArray solveAdaptive(NDManager solveManager) {
            NDArray y = ownedCopy(y0, solveManager);
            NDArray k1;
            try (NDManager step = solveManager.newSubManager()) {
                y.tempAttach(step);
                k1 = evaluate(t0, y, step, true);
                stepSize = Double.isNaN(firstStep) ? initialStepSize(y, k1) : firstStep;
                stepSize = Math.copySign(Math.min(Math.abs(stepSize), maxStep()), direction);
                k1.attach(solveManager);
            }

            double errorMemory = controller.initialErrorMemory();
            NDArray[] ks = new NDArray[stages];
            while ((t1 - t) * direction > 0) {
                if (accepted + rejected >= maxSteps) {
                    throw failure(
                            OdeSolverException.Reason.STEP_LIMIT,
                            "The step limit of " + maxSteps + " steps was reached");
                }
                stepSize = Math.copySign(Math.min(Math.abs(stepSize), maxStep()), direction);
                boolean last = (t + stepSize - t1) * direction >= 0;
                if (last) {
                    stepSize = t1 - t;
                }
                checkStepSize(last);
                double tNew = last ? t1 : t + stepSize;

                boolean acceptStep;
                NDArray yNew;
                try (NDManager step = solveManager.newSubManager()) {
                    y.tempAttach(step);
                    k1.tempAttach(step);
                    NDArray stepSizeArray = arithmetic.stepSizeArray(step, stepSize);
                    yNew = takeStep(y, k1, ks, tNew, stepSizeArray, step);
                    NDArray error = arithmetic.error(stepSizeArray, ks);
                    double errorNorm =
                            arithmetic.scaledErrorNorm(
                                    controlled(error),
                                    controlled(y),
                                    controlled(yNew),
                                    OdeSolver.this.errorNorm);
                    if (!Double.isFinite(errorNorm)) {
                        throw failure(
                                OdeSolverException.Reason.NON_FINITE,
                                "The state or its error estimate became non-finite");
                    }
                    acceptStep = errorNorm <= 1;
                    if (acceptStep) {
                        accepted++;
                        saveDenseOutput(y, yNew, ks, tNew);
                        yNew.attach(solveManager);
                        if (firstSameAsLast) {
                            ks[stages - 1].attach(solveManager);
                        }
                        double nextStepSize =
                                controller.acceptedStepSize(stepSize, errorNorm, errorMemory);
                        errorMemory = controller.errorMemory(errorNorm);
                        stepSize = nextStepSize;
                    } else {
                        rejected++;
                        stepSize = controller.rejectedStepSize(stepSize, errorNorm);
                    }
                }
                if (acceptStep) {
                    y.close();
                    k1.close();
                    y = yNew;
                    t = tNew;
                    k1 =
                            firstSameAsLast
                                    ? ks[stages - 1]
                                    : evaluateOwned(t, y, solveManager, false);
                }
            }
            return y;
        }

        private NDArray solveFixed(NDManager solveManager) {
            double fixedStepSize = (t1 - t0) / fixedSteps;
            stepSize = fixedStepSize;
            NDArray y = ownedCopy(y0, solveManager);
            NDArray k1 = evaluateOwned(t0, y, solveManager, true);
            NDArray[] ks = new NDArray[stages];
            for (int i = 1; i <= fixedSteps; i++) {
                double tNew = i == fixedSteps ? t1 : t0 + i * fixedStepSize;
                stepSize = tNew - t;
                NDArray yNew;
                try (NDManager step = solveManager.newSubManager()) {
                    y.tempAttach(step);
                    k1.tempAttach(step);
                    NDArray stepSizeArray = arithmetic.stepSizeArray(step, stepSize);
                    yNew = takeStep(y, k1, ks, tNew, stepSizeArray, step);
                    if (!StateAlgebra.isFinite(yNew)) {
                        throw failure(
                                OdeSolverException.Reason.NON_FINITE,
                                "The state became non-finite");
                    }
                    accepted++;
                    saveDenseOutput(y, yNew, ks, tNew);
                    yNew.attach(solveManager);
                    if (firstSameAsLast) {
                        ks[stages - 1].attach(solveManager);
                    }
                }
                y.close();
                k1.close();
                y = yNew;
                t = tNew;
                k1 = firstSameAsLast ? ks[stages - 1] : evaluateOwned(t, y, solveManager, false);
            }
            return y;
        }

        /**
         * Computes the stages of one step from {@code (t, y)} with the current step size, filling
         * {@code ks}, and returns the new state.
         */
        private NDArray takeStep(
                NDArray y,
                NDArray k1,
                NDArray[] ks,
                double tNew,
                NDArray stepSizeArray,
                NDManager step) {
            ks[0] = k1;
            NDArray yNew = null;
            for (int i = 1; i < stages; i++) {
                NDArray stageState = arithmetic.stage(y, stepSizeArray, ks, i);
                double c = tableau.node(i);
                double stageTime = c == 1 ? tNew : t + c * stepSize;
                if (firstSameAsLast && i == stages - 1) {
                    yNew = stageState;
                }
                ks[i] = evaluate(stageTime, stageState, step, false);
            }
            if (!firstSameAsLast) {
                yNew = arithmetic.newState(y, stepSizeArray, ks);
            }
            return yNew;
        }

        /** Saves the states at the requested times within {@code (t, tNew]}. */
        private void saveDenseOutput(NDArray y, NDArray yNew, NDArray[] ks, double tNew) {
            while (nextSave < saveAt.length && (tNew - saveAt[nextSave]) * direction >= 0) {
                double time = saveAt[nextSave];
                NDArray state;
                if (time == tNew) {
                    state = yNew.duplicate();
                } else {
                    double theta = (time - t) / stepSize;
                    double[] weights = tableau.interpolationWeights(theta);
                    state = StateAlgebra.combine(y, stepSize, weights, ks, stages);
                }
                state.attach(outputManager);
                saved.add(state);
                nextSave++;
            }
        }

        /** Selects the columns the error control covers. */
        private NDArray controlled(NDArray state) {
            return errorIndex == null ? state : state.get(errorIndex);
        }

        /**
         * Copies the caller's initial state into the solve's manager, so that the solve never moves
         * an array the caller owns, which another thread may be using.
         */
        private NDArray ownedCopy(NDArray state, NDManager solveManager) {
            NDArray copy = state.duplicate();
            copy.attach(solveManager);
            return copy;
        }

        /** Chooses the first step by the heuristic of Hairer, Nørsett and Wanner (II.4). */
        private double initialStepSize(NDArray u0, NDArray f0) {
            double d0 = scaledNorm(controlled(u0), controlled(u0));
            double d1 = scaledNorm(controlled(f0), controlled(u0));
            double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            h0 = Math.min(h0, maxStep());
            NDArray u1 = u0.add(f0.mul(h0 * direction));
            NDArray f1 = evaluate(t0 + h0 * direction, u1, u0.getManager(), false);
            double d2 = scaledNorm(controlled(f1.sub(f0)), controlled(u0)) / h0;
            double largest = Math.max(d1, d2);
            double h1 =
                    largest <= 1e-15
                            ? Math.max(1e-6, 1e-3 * h0)
                            : StrictMath.pow(0.01 / largest, 1.0 / tableau.getOrder());
            double guess = Math.min(Math.min(100 * h0, h1), maxStep());
            // A guess below the minimum step size is no evidence that the problem needs such a
            // step, so the solve starts at the minimum, as OrdinaryDiffEq.jl does, and the
            // controller decides whether that step meets the tolerance.
            return Math.max(guess, minStepSize) * direction;
        }

        private double scaledNorm(NDArray x, NDArray u) {
            double norm =
                    StateAlgebra.scaledNorm(x, u, absoluteTolerance, relativeTolerance, errorNorm);
            if (!Double.isFinite(norm)) {
                stepSize = 0;
                throw failure(
                        OdeSolverException.Reason.NON_FINITE,
                        "The derivative at the initial state is non-finite");
            }
            return norm;
        }

        private NDArray evaluate(double time, NDArray y, NDManager manager, boolean first) {
            NDArray k = function.evaluate(time, y);
            evaluations++;
            if (k == y) {
                k = y.duplicate();
            }
            if (first) {
                checkDerivative(k, y);
            }
            k.attach(manager);
            return k;
        }

        private NDArray evaluateOwned(
                double time, NDArray y, NDManager solveManager, boolean first) {
            try (NDManager step = solveManager.newSubManager()) {
                y.tempAttach(step);
                NDArray k = evaluate(time, y, step, first);
                k.attach(solveManager);
                return k;
            }
        }

        private void checkDerivative(NDArray k, NDArray y) {
            if (!k.getShape().equals(y.getShape()) || k.getDataType() != y.getDataType()) {
                throw new IllegalArgumentException(
                        "The right-hand side returned "
                                + k.getDataType()
                                + " of shape "
                                + k.getShape()
                                + " for a state "
                                + y.getDataType()
                                + " of shape "
                                + y.getShape()
                                + ": it must return the state's shape and data type");
            }
        }

        private void checkStepSize(boolean last) {
            double size = Math.abs(stepSize);
            double resolution = 4 * Math.ulp(Math.max(Math.abs(t), Math.abs(t1)));
            if (size <= resolution && !last) {
                throw failure(
                        OdeSolverException.Reason.STEP_SIZE_UNDERFLOW,
                        "The step size fell below the resolution of the time");
            }
            if (size < minStepSize && !last) {
                throw failure(
                        OdeSolverException.Reason.STEP_SIZE_UNDERFLOW,
                        "The step size fell below the minimum step size " + minStepSize);
            }
        }

        private double maxStep() {
            return Double.isInfinite(maxStepSize) ? Math.abs(t1 - t0) : maxStepSize;
        }

        private OdeSolverException failure(OdeSolverException.Reason reason, String detail) {
            return new OdeSolverException(reason, t, stepSize, stats(), detail);
        }

        private SolverStats stats() {
            return new SolverStats(evaluations, accepted, rejected);
        }
    }

    /** Configures an {@link OdeSolver}. */
    public static final class Builder {

        private ButcherTableau tableau = ButcherTableau.tsit5();
        private double absoluteTolerance = 1e-6;
        private double relativeTolerance = 1e-3;
        private ErrorNorm errorNorm = ErrorNorm.WHOLE_STATE;
        private PiController controller;
        private double firstStep = Double.NaN;
        private double maxStepSize = Double.POSITIVE_INFINITY;
        private double minStepSize;
        private int maxSteps = 100_000;
        private int fixedSteps;
        private int errorColumns;

        Builder() {}

        /**
         * Sets the Runge–Kutta pair; the default is {@link ButcherTableau#tsit5()}.
         *
         * @param tableau the pair to step with
         * @return this builder
         */
        public Builder optTableau(ButcherTableau tableau) {
            if (tableau == null) {
                throw new IllegalArgumentException("The tableau must not be null");
            }
            this.tableau = tableau;
            return this;
        }

        /**
         * Sets the absolute tolerance; the default is {@code 1e-6}.
         *
         * @param absoluteTolerance a non-negative tolerance
         * @return this builder
         */
        public Builder optAbsoluteTolerance(double absoluteTolerance) {
            if (!(absoluteTolerance >= 0) || !Double.isFinite(absoluteTolerance)) {
                throw new IllegalArgumentException(
                        "The absolute tolerance must be finite and non-negative, got "
                                + absoluteTolerance);
            }
            this.absoluteTolerance = absoluteTolerance;
            return this;
        }

        /**
         * Sets the relative tolerance; the default is {@code 1e-3}.
         *
         * @param relativeTolerance a non-negative tolerance
         * @return this builder
         */
        public Builder optRelativeTolerance(double relativeTolerance) {
            if (!(relativeTolerance >= 0) || !Double.isFinite(relativeTolerance)) {
                throw new IllegalArgumentException(
                        "The relative tolerance must be finite and non-negative, got "
                                + relativeTolerance);
            }
            this.relativeTolerance = relativeTolerance;
            return this;
        }

        /**
         * Sets both tolerances to one value.
         *
         * @param tolerance the absolute and relative tolerance
         * @return this builder
         */
        public Builder optTolerance(double tolerance) {
            return optAbsoluteTolerance(tolerance).optRelativeTolerance(tolerance);
        }

        /**
         * Sets how the error of a batch is reduced; the default is {@link ErrorNorm#WHOLE_STATE}.
         *
         * <p>The whole-state norm is the default because it is what OrdinaryDiffEq.jl and
         * torchdiffeq use, so step counts and training costs compare directly with them, and
         * because for training a flow the loss is an average over the batch. Choose {@link
         * ErrorNorm#PER_ROW} when each point's own accuracy matters, as for the log-density of a
         * single point that must not depend on the other points of its batch.
         *
         * @param errorNorm the norm
         * @return this builder
         */
        public Builder optErrorNorm(ErrorNorm errorNorm) {
            if (errorNorm == null) {
                throw new IllegalArgumentException("The error norm must not be null");
            }
            this.errorNorm = errorNorm;
            return this;
        }

        /**
         * Sets the step-size controller; the default is {@link PiController#forOrder(int)} of the
         * tableau's order.
         *
         * @param controller the controller
         * @return this builder
         */
        public Builder optController(PiController controller) {
            this.controller = controller;
            return this;
        }

        /**
         * Sets the size of the first step instead of choosing it automatically.
         *
         * @param firstStep a positive step size; its sign follows the direction of the solve
         * @return this builder
         */
        public Builder optFirstStep(double firstStep) {
            if (!(firstStep > 0) || !Double.isFinite(firstStep)) {
                throw new IllegalArgumentException(
                        "The first step must be positive and finite, got " + firstStep);
            }
            this.firstStep = firstStep;
            return this;
        }

        /**
         * Sets the largest step size; the default is the length of the time span.
         *
         * @param maxStepSize a positive step size
         * @return this builder
         */
        public Builder optMaxStepSize(double maxStepSize) {
            if (!(maxStepSize > 0)) {
                throw new IllegalArgumentException(
                        "The maximum step size must be positive, got " + maxStepSize);
            }
            this.maxStepSize = maxStepSize;
            return this;
        }

        /**
         * Sets the smallest step size; a smaller step stops the solve with {@link
         * OdeSolverException.Reason#STEP_SIZE_UNDERFLOW}. The default is 0, so only the resolution
         * of the time limits the step. An automatically chosen first step below this size is raised
         * to it.
         *
         * @param minStepSize a non-negative step size
         * @return this builder
         */
        public Builder optMinStepSize(double minStepSize) {
            if (!(minStepSize >= 0) || !Double.isFinite(minStepSize)) {
                throw new IllegalArgumentException(
                        "The minimum step size must be finite and non-negative, got "
                                + minStepSize);
            }
            this.minStepSize = minStepSize;
            return this;
        }

        /**
         * Sets the limit on attempted steps, accepted and rejected together; the default is 100000.
         *
         * @param maxSteps a positive number of steps
         * @return this builder
         */
        public Builder optMaxSteps(int maxSteps) {
            if (maxSteps <= 0) {
                throw new IllegalArgumentException(
                        "The step limit must be positive, got " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * Switches to fixed-step mode with {@code steps} equal steps over the time span.
         *
         * @param steps a positive number of steps, or 0 for adaptive mode
         * @return this builder
         */
        public Builder optFixedSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException(
                        "The number of fixed steps must be positive, or 0 for adaptive steps, got "
                                + steps);
            }
            this.fixedSteps = steps;
            return this;
        }

        /**
         * Restricts the error control to the leading columns (axis 1) of the state, so that
         * accumulated quantities in the trailing columns, such as regularization integrals, do not
         * shorten the steps. The default, 0, controls the whole state.
         *
         * @param errorColumns the number of leading columns, or 0 for the whole state
         * @return this builder
         */
        public Builder optErrorColumns(int errorColumns) {
            if (errorColumns < 0) {
                throw new IllegalArgumentException(
                        "The number of error-controlled columns must be positive, or 0 for all,"
                                + " got "
                                + errorColumns);
            }
            this.errorColumns = errorColumns;
            return this;
        }

        /**
         * Builds the solver.
         *
         * @return the solver
         * @throws IllegalArgumentException if the settings contradict each other
         */
        public OdeSolver build() {
            if (absoluteTolerance == 0 && relativeTolerance == 0 && fixedSteps == 0) {
                throw new IllegalArgumentException(
                        "The absolute and relative tolerances cannot both be 0 in adaptive mode");
            }
            if (minStepSize > maxStepSize) {
                throw new IllegalArgumentException(
                        "The minimum step size "
                                + minStepSize
                                + " exceeds the maximum step size "
                                + maxStepSize);
            }
            return new OdeSolver(this);
        }
    }
}
