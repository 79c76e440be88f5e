// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;
import org.cnflow.djl.EngineArrays;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.FlowLayer;
import org.cnflow.djl.ode.OdeFunction;
import org.cnflow.djl.ode.OdeSolution;
import org.cnflow.djl.ode.OdeSolver;
import org.cnflow.djl.ode.SolverStats;

/**
 * A continuous normalizing flow in the form of FFJORD (Grathwohl et al. 2018, arXiv:1810.01367).
 *
 * <p>A vector field {@code f(z, t)} moves a point {@code x} from {@code z(t0) = x} to {@code
 * z(t1)}, and the instantaneous change of variables gives
 *
 * <pre>
 * log p(x) = log p_base(z(t1)) + ∫_{t0}^{t1} tr(∂f/∂z(t)) dt
 * </pre>
 *
 * <p>The block integrates {@code z} and the trace integral together as one state of shape (N, d +
 * 1) with its {@link OdeSolver}. The trace comes from forward-mode tangents when the field is a
 * {@link FlowLayer} and from first-order engine autograd for any other {@link Block}; see {@link
 * TracePath}. Sampling draws base points and integrates the field backwards from {@code t1} to
 * {@code t0}.
 *
 * <p>As a DJL block, {@code forward} takes {@code [x]} of shape (N, d) and returns {@code [log
 * p(x), z(t1)]}. The methods {@link #logDensity}, {@link #inverse} and {@link #sample} also return
 * the solver's counters and take a seed. Random numbers (Hutchinson's probes, samples) come from a
 * {@link SplittableRandom} seeded per call, never from the engine's global generator, so results
 * are reproducible and do not depend on other threads.
 *
 * <p>Prediction and sampling switch PyTorch's thread-local grad mode off, or on only for the
 * autograd trace of a fresh leaf, and never open DJL's per-JVM {@code GradientCollector}, so
 * several threads may use one initialized block at once.
 */
public final class FfjordBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The seed of Hutchinson's probes when a caller gives none. */
    public static final long DEFAULT_SEED = 0;

    private final Block vectorField;
    private final int dimension;
    private final boolean timeDependent;
    private final double startTime;
    private final double endTime;
    private final OdeSolver solver;
    private final TraceMethod traceMethod;
    private final HutchinsonNoise noise;
    private final TracePath tracePath;
    private final BaseDistribution baseDistribution;
    private final FieldEvaluator evaluator;
    private final AffineStandardization standardization;
    private final GradientMode gradientMode;
    private final double kineticWeight;
    private final double jacobianWeight;
    private final boolean regularizersInErrorControl;

    private FfjordBlock(Builder builder) {
        super(VERSION);
        vectorField = addChildBlock("vectorField", builder.vectorField);
        standardization =
                builder.standardization != null
                        ? addChildBlock("standardization", builder.standardization)
                        : null;
        dimension = builder.dimension;
        timeDependent = builder.timeDependent;
        startTime = builder.startTime;
        endTime = builder.endTime;
        solver = builder.solver;
        traceMethod = builder.traceMethod;
        noise = builder.noise;
        baseDistribution = builder.baseDistribution;
        tracePath = resolvePath(builder.tracePath, vectorField);
        evaluator =
                tracePath == TracePath.FORWARD_MODE
                        ? new ForwardModeEvaluator((FlowLayer) vectorField, timeDependent)
                        : new AutogradEvaluator(vectorField, timeDependent);
        gradientMode = resolveGradientMode(builder.gradientMode, tracePath);
        kineticWeight = builder.kineticWeight;
        jacobianWeight = builder.jacobianWeight;
        regularizersInErrorControl = builder.regularizersInErrorControl;
        if (jacobianWeight > 0 && tracePath != TracePath.FORWARD_MODE) {
            throw new IllegalArgumentException(
                    "The Jacobian regularizer needs forward-mode tangents, which "
                            + vectorField.getClass().getName()
                            + " does not provide: build the field from FlowLayer types or set the"
                            + " Jacobian weight to 0");
        }
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes {@code log p(x)} with the default probe seed.
     *
     * @param x points of shape (N, d), of the parameters' data type
     * @return the log-densities, latent points and counters, attached to {@code x}'s manager
     * @throws IllegalArgumentException if {@code x} is empty, of the wrong shape or type, or
     *     contains NaN or infinity
     */
    public FlowOutput logDensity(NDArray x) {
        return logDensity(x, DEFAULT_SEED);
    }

    /**
     * Computes {@code log p(x)}.
     *
     * @param x points of shape (N, d), of the parameters' data type
     * @param seed the seed of Hutchinson's probes; ignored by the exact trace
     * @return the log-densities, latent points and counters, attached to {@code x}'s manager
     * @throws IllegalArgumentException if {@code x} is empty, of the wrong shape or type, or
     *     contains NaN or infinity
     */
    public FlowOutput logDensity(NDArray x, long seed) {
        checkPoints(x, "x");
        NDManager outputManager = x.getManager();
        try (NDManager scope = outputManager.newSubManager();
                GradMode grad = GradMode.disabled()) {
            ForwardSolve solve =
                    solveForward(scope, new ParameterStore(scope, false), x, seed, false);
            NDArray logDensity = solve.logDensity();
            NDArray latent = solve.latent();
            logDensity.attach(outputManager);
            latent.attach(outputManager);
            return new FlowOutput(logDensity, latent, solve.stats());
        }
    }

    /**
     * Computes the training loss {@code -mean log p(x)} plus the weighted regularizers, without
     * gradients.
     *
     * @param x points of shape (N, d), of the parameters' data type
     * @param seed the seed of Hutchinson's probes; ignored by the exact trace
     * @return the loss and its parts
     */
    public LossEvaluation computeLoss(NDArray x, long seed) {
        checkPoints(x, "x");
        try (NDManager scope = x.getManager().newSubManager();
                GradMode grad = GradMode.disabled()) {
            ForwardSolve solve =
                    solveForward(scope, new ParameterStore(scope, false), x, seed, true);
            return solve.lossEvaluation(kineticWeight, jacobianWeight, SolverStats.EMPTY);
        }
    }

    /**
     * Computes the training loss and leaves its gradient in every parameter of the vector field,
     * replacing what the parameters' gradients held before.
     *
     * <p>The gradient mode decides how (see {@link GradientMode}). Neither mode opens DJL's per-JVM
     * {@code GradientCollector}: grad mode is set per thread and the backward passes run through
     * the PyTorch engine directly, so trainings of different blocks on different threads can run at
     * once.
     *
     * @param x points of shape (N, d), of the parameters' data type
     * @param seed the seed of Hutchinson's probes; ignored by the exact trace
     * @return the loss and its parts
     */
    public LossEvaluation computeGradients(NDArray x, long seed) {
        checkPoints(x, "x");
        return gradientMode == GradientMode.BACKPROP
                ? BackpropGradient.compute(this, x, seed)
                : AdjointGradient.compute(this, x, seed);
    }

    /**
     * Solves the augmented system {@code [z, ∫ tr, ∫ ‖f‖², ∫ ‖J ε‖²]} from {@code t0} to {@code
     * t1}; with grad mode on, the solve is recorded for a backward pass.
     *
     * @param scope the manager of every array of the solve
     * @param store the parameter store the field reads its weights from
     * @param x points of shape (N, d), checked by the caller
     * @param seed the seed of Hutchinson's probes
     * @param regularize whether to integrate the regularizers with nonzero weights
     * @return the final state's parts
     */
    ForwardSolve solveForward(
            NDManager scope, ParameterStore store, NDArray x, long seed, boolean regularize) {
        long rows = x.getShape().get(0);
        NDArray probe = drawProbe(scope, x.getShape(), seed);
        boolean kinetic = regularize && kineticWeight > 0;
        boolean jacobian = regularize && jacobianWeight > 0;
        int extraColumns = 1 + (kinetic ? 1 : 0) + (jacobian ? 1 : 0);

        NDArray points = standardize(store, scope, x);
        NDArray start =
                points.concat(scope.zeros(new Shape(rows, extraColumns), x.getDataType()), 1);
        OdeFunction dynamics =
                (t, state) -> {
                    NDArray z = state.split(new long[] {dimension}, 1).get(0);
                    FieldEvaluation evaluation = evaluator.evaluate(store, z, t, probe, jacobian);
                    NDList columns =
                            new NDList(evaluation.value(), evaluation.trace().reshape(rows, 1));
                    if (kinetic) {
                        columns.add(evaluation.value().square().sum(new int[] {1}, true));
                    }
                    if (jacobian) {
                        columns.add(evaluation.jacobianSquaredNorm().reshape(rows, 1));
                    }
                    return NDArrays.concat(columns, 1);
                };
        OdeSolver augmentedSolver =
                extraColumns > 1 && !regularizersInErrorControl
                        ? solver.toBuilder().optErrorColumns(dimension + 1).build()
                        : solver;
        OdeSolution solution = augmentedSolver.solve(dynamics, start, startTime, endTime);
        NDList parts = solution.getFinalState().split(new long[] {dimension, dimension + 1}, 1);
        NDArray latent = parts.get(0);
        NDArray columns = parts.get(1);
        NDArray logDensity = baseDistribution.logDensity(latent).add(columns.get(":, 0"));
        if (standardization != null) {
            // The change of variables x ↦ (x − mean) / scale adds log |det| = −Σ log scale.
            logDensity = logDensity.add(standardization.logAbsDetJacobian());
        }
        NDArray kineticEnergy = kinetic ? parts.get(2).get(":, 0") : null;
        NDArray jacobianNorm = null;
        if (jacobian) {
            int column = kinetic ? 1 : 0;
            jacobianNorm = parts.get(2).get(":, " + column);
        }
        return new ForwardSolve(
                latent, logDensity, kineticEnergy, jacobianNorm, probe, solution.getStats());
    }

    /**
     * The parts of a forward solve's final state, each of shape (N) but the latent points.
     *
     * @param latent {@code z(t1)}, of shape (N, d)
     * @param logDensity {@code log p(x)}
     * @param kineticEnergy {@code ∫ ‖f‖² dt}, or null
     * @param jacobianNorm {@code ∫ ‖J ε‖² dt}, or null
     * @param probe Hutchinson's probe of the solve, or null for the exact trace
     * @param stats the solve's counters
     */
    record ForwardSolve(
            NDArray latent,
            NDArray logDensity,
            NDArray kineticEnergy,
            NDArray jacobianNorm,
            NDArray probe,
            SolverStats stats) {

        /** Returns the loss as a scalar array, differentiable when the solve was recorded. */
        NDArray loss(double kineticWeight, double jacobianWeight) {
            NDArray loss = logDensity.mean().neg();
            if (kineticEnergy != null) {
                loss = loss.add(EngineArrays.scale(kineticEnergy.mean(), kineticWeight));
            }
            if (jacobianNorm != null) {
                loss = loss.add(EngineArrays.scale(jacobianNorm.mean(), jacobianWeight));
            }
            return loss;
        }

        /** Reads the loss and its parts to the host. */
        LossEvaluation lossEvaluation(
                double kineticWeight, double jacobianWeight, SolverStats backward) {
            double nll = -scalar(logDensity.mean());
            double kinetic = kineticEnergy == null ? 0 : scalar(kineticEnergy.mean());
            double jacobian = jacobianNorm == null ? 0 : scalar(jacobianNorm.mean());
            double loss = nll + kineticWeight * kinetic + jacobianWeight * jacobian;
            return new LossEvaluation(loss, nll, kinetic, jacobian, stats, backward);
        }
    }

    static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Copies {@code x} into {@code scope}, standardized when the flow has a standardization. */
    private NDArray standardize(ParameterStore store, NDManager scope, NDArray x) {
        NDArray points = x.duplicate();
        points.attach(scope);
        if (standardization == null) {
            return points;
        }
        return standardization.forward(store, new NDList(points), false).singletonOrThrow();
    }

    private NDArray drawProbe(NDManager scope, Shape shape, long seed) {
        if (traceMethod != TraceMethod.HUTCHINSON) {
            return null;
        }
        return noise.draw(scope, shape, dataType(), new SplittableRandom(seed));
    }

    /**
     * Maps latent points back to data space by integrating the field from {@code t1} to {@code t0}.
     *
     * @param z latent points of shape (N, d)
     * @return the data points of shape (N, d), attached to {@code z}'s manager
     */
    public NDArray inverse(NDArray z) {
        checkPoints(z, "z");
        NDManager outputManager = z.getManager();
        try (NDManager scope = outputManager.newSubManager();
                GradMode grad = GradMode.disabled()) {
            NDArray start = z.duplicate();
            start.attach(scope);
            ParameterStore store = new ParameterStore(scope, false);
            OdeSolution solution =
                    solver.solve(
                            (t, state) -> evaluator.value(store, state, t),
                            start,
                            endTime,
                            startTime);
            NDArray x = solution.getFinalState();
            if (standardization != null) {
                x = standardization.inverse(store, x);
            }
            x.attach(outputManager);
            return x;
        }
    }

    /**
     * Draws points from the flow: base points from a generator seeded with {@code seed}, mapped by
     * {@link #inverse}. The block's state does not change.
     *
     * @param manager the manager of the returned array
     * @param count the number of points, positive
     * @param seed the seed of the base points
     * @return the samples, of shape (count, d), of the parameters' data type
     */
    public NDArray sample(NDManager manager, int count, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException(
                    "The number of samples must be positive, got " + count);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray z =
                    baseDistribution.sample(
                            scope, count, dimension, dataType(), new SplittableRandom(seed));
            NDArray x = inverse(z);
            x.attach(manager);
            return x;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        long seed = DEFAULT_SEED;
        if (params != null && params.contains("seed")) {
            seed = ((Number) params.get("seed")).longValue();
        }
        FlowOutput output = logDensity(inputs.singletonOrThrow(), seed);
        return new NDList(output.getLogDensity(), output.getLatent());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0)), inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape points = inputShapes[0];
        if (standardization != null && !standardization.isInitialized()) {
            standardization.initialize(manager, dataType, points);
        }
        if (vectorField.isInitialized()) {
            return;
        }
        Shape[] fieldShapes =
                timeDependent ? new Shape[] {points, new Shape()} : new Shape[] {points};
        vectorField.initialize(manager, dataType, fieldShapes);
    }

    /**
     * Returns the vector field.
     *
     * @return the block computing {@code f(z)} or {@code f(z, t)}
     */
    public Block getVectorField() {
        return vectorField;
    }

    /**
     * Returns the dimension d of the data.
     *
     * @return the dimension
     */
    public int getDimension() {
        return dimension;
    }

    /**
     * Tells whether the vector field takes the time as a second input.
     *
     * @return true for {@code f(z, t)}
     */
    public boolean isTimeDependent() {
        return timeDependent;
    }

    /**
     * Returns the start of the time span, where the data live.
     *
     * @return {@code t0}
     */
    public double getStartTime() {
        return startTime;
    }

    /**
     * Returns the end of the time span, where the base distribution lives.
     *
     * @return {@code t1}
     */
    public double getEndTime() {
        return endTime;
    }

    /**
     * Returns the solver.
     *
     * @return the solver of every solve of this block
     */
    public OdeSolver getSolver() {
        return solver;
    }

    /**
     * Returns the trace method.
     *
     * @return exact or Hutchinson
     */
    public TraceMethod getTraceMethod() {
        return traceMethod;
    }

    /**
     * Returns the distribution of Hutchinson's probes.
     *
     * @return the noise type
     */
    public HutchinsonNoise getNoise() {
        return noise;
    }

    /**
     * Returns the trace path in use, never {@link TracePath#AUTO}.
     *
     * @return forward mode or autograd
     */
    public TracePath getTracePath() {
        return tracePath;
    }

    /**
     * Returns the base distribution.
     *
     * @return the distribution of {@code z(t1)}
     */
    public BaseDistribution getBaseDistribution() {
        return baseDistribution;
    }

    /**
     * Returns the gradient mode in use.
     *
     * @return backpropagation through the solver or the adjoint method
     */
    public GradientMode getGradientMode() {
        return gradientMode;
    }

    /**
     * Returns the weight of the kinetic-energy regularizer.
     *
     * @return {@code λ_K}, 0 when off
     */
    public double getKineticWeight() {
        return kineticWeight;
    }

    /**
     * Returns the weight of the Jacobian regularizer.
     *
     * @return {@code λ_J}, 0 when off
     */
    public double getJacobianWeight() {
        return jacobianWeight;
    }

    /**
     * Tells whether the regularization integrals take part in the solver's error control.
     *
     * @return true when they do
     */
    public boolean isRegularizersInErrorControl() {
        return regularizersInErrorControl;
    }

    /**
     * Returns the standardization applied to data before the flow, or null.
     *
     * @return the affine standardization, whose log-determinant is part of every log-density
     */
    public AffineStandardization getStandardization() {
        return standardization;
    }

    FieldEvaluator evaluator() {
        return evaluator;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "FfjordBlock(d="
                + dimension
                + ", t=("
                + startTime
                + ", "
                + endTime
                + "), "
                + traceMethod
                + " trace by "
                + tracePath
                + ", "
                + solver
                + ", base="
                + baseDistribution
                + ")";
    }

    private DataType dataType() {
        for (Parameter parameter : vectorField.getParameters().values()) {
            if (parameter.isInitialized()) {
                return parameter.getArray().getDataType();
            }
        }
        return DataType.FLOAT32;
    }

    private void checkPoints(NDArray points, String name) {
        if (!vectorField.isInitialized()) {
            throw new IllegalStateException(
                    "The vector field is not initialized: call initialize(manager, dataType, new"
                            + " Shape(N, "
                            + dimension
                            + ")) first");
        }
        Shape shape = points.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dimension) {
            throw new IllegalArgumentException(
                    "Expected "
                            + name
                            + " of shape (N, "
                            + dimension
                            + "), got "
                            + shape
                            + (shape.dimension() == 1 && dimension == 1
                                    ? ": reshape a single column to (N, 1)"
                                    : ""));
        }
        if (shape.get(0) == 0) {
            throw new IllegalArgumentException(
                    "The batch " + name + " is empty (shape " + shape + ")");
        }
        DataType expected = dataType();
        if (points.getDataType() != expected) {
            throw new IllegalArgumentException(
                    "Expected "
                            + name
                            + " of type "
                            + expected
                            + " like the parameters, got "
                            + points.getDataType()
                            + ": convert it with toType");
        }
        InputChecks.requireFinite(points, name);
    }

    private static GradientMode resolveGradientMode(GradientMode requested, TracePath path) {
        if (requested == null) {
            return path == TracePath.FORWARD_MODE ? GradientMode.BACKPROP : GradientMode.ADJOINT;
        }
        if (requested == GradientMode.BACKPROP && path != TracePath.FORWARD_MODE) {
            throw new IllegalArgumentException(
                    "Backpropagation through the solver needs forward-mode traces, but the trace"
                            + " path is "
                            + path
                            + ": use GradientMode.ADJOINT or a FlowLayer vector field");
        }
        return requested;
    }

    private static TracePath resolvePath(TracePath requested, Block field) {
        boolean forwardModeAvailable = field instanceof FlowLayer;
        if (requested == TracePath.FORWARD_MODE && !forwardModeAvailable) {
            throw new IllegalArgumentException(
                    "The forward-mode trace needs a FlowLayer vector field, got "
                            + field.getClass().getName()
                            + ": use TracePath.AUTOGRAD or AUTO");
        }
        if (requested == TracePath.AUTO) {
            return forwardModeAvailable ? TracePath.FORWARD_MODE : TracePath.AUTOGRAD;
        }
        return requested;
    }

    /** Configures an {@link FfjordBlock}. */
    public static final class Builder {

        private Block vectorField;
        private int dimension;
        private boolean timeDependent;
        private double startTime;
        private double endTime = 1;
        private OdeSolver solver = OdeSolver.builder().build();
        private TraceMethod traceMethod = TraceMethod.EXACT;
        private HutchinsonNoise noise = HutchinsonNoise.RADEMACHER;
        private TracePath tracePath = TracePath.AUTO;
        private BaseDistribution baseDistribution = BaseDistribution.standardNormal();
        private AffineStandardization standardization;
        private GradientMode gradientMode;
        private double kineticWeight;
        private double jacobianWeight;
        private boolean regularizersInErrorControl;

        Builder() {}

        /**
         * Sets an affine standardization {@code u = (x − mean) / scale} applied before the flow.
         * Log-densities stay in the units of {@code x}: each includes {@code −Σ log scale}, and
         * samples are mapped back. The default is none.
         *
         * @param standardization the standardization, of the flow's dimension
         * @return this builder
         */
        public Builder optStandardization(AffineStandardization standardization) {
            this.standardization = standardization;
            return this;
        }

        /**
         * Sets how gradients are computed. The default is {@link GradientMode#BACKPROP} for
         * forward-mode traces and {@link GradientMode#ADJOINT} otherwise.
         *
         * @param gradientMode the mode
         * @return this builder
         */
        public Builder optGradientMode(GradientMode gradientMode) {
            this.gradientMode = gradientMode;
            return this;
        }

        /**
         * Sets the weight {@code λ_K} of the kinetic-energy regularizer {@code ∫ ‖f‖² dt} (Finlay
         * et al. 2020, "How to train your neural ODE"); the default is 0 (off).
         *
         * @param kineticWeight a non-negative weight
         * @return this builder
         */
        public Builder optKineticWeight(double kineticWeight) {
            if (!(kineticWeight >= 0) || !Double.isFinite(kineticWeight)) {
                throw new IllegalArgumentException(
                        "The kinetic-energy weight must be finite and non-negative, got "
                                + kineticWeight);
            }
            this.kineticWeight = kineticWeight;
            return this;
        }

        /**
         * Sets the weight {@code λ_J} of the Jacobian regularizer {@code ∫ ‖(∂f/∂z) ε‖² dt}, whose
         * expectation is the squared Frobenius norm; with the exact trace the block uses the
         * Frobenius norm itself. Needs forward-mode traces. The default is 0 (off).
         *
         * @param jacobianWeight a non-negative weight
         * @return this builder
         */
        public Builder optJacobianWeight(double jacobianWeight) {
            if (!(jacobianWeight >= 0) || !Double.isFinite(jacobianWeight)) {
                throw new IllegalArgumentException(
                        "The Jacobian weight must be finite and non-negative, got "
                                + jacobianWeight);
            }
            this.jacobianWeight = jacobianWeight;
            return this;
        }

        /**
         * Sets whether the regularization integrals take part in the solver's error control; the
         * default is false, so they never shorten the steps.
         *
         * @param inErrorControl true to control their error too
         * @return this builder
         */
        public Builder optRegularizersInErrorControl(boolean inErrorControl) {
            this.regularizersInErrorControl = inErrorControl;
            return this;
        }

        /**
         * Sets the vector field: a block mapping {@code [z]} of shape (N, d) to {@code [f]} of
         * shape (N, d), or {@code [z, t]} with a scalar time array when time-dependent.
         *
         * @param vectorField the field
         * @return this builder
         */
        public Builder setVectorField(Block vectorField) {
            this.vectorField = vectorField;
            return this;
        }

        /**
         * Sets the dimension d of the data.
         *
         * @param dimension a positive dimension
         * @return this builder
         */
        public Builder setDimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /**
         * Declares that the field takes the time as a second input, a scalar array; the default is
         * false.
         *
         * @param timeDependent true for {@code f(z, t)}
         * @return this builder
         */
        public Builder optTimeDependent(boolean timeDependent) {
            this.timeDependent = timeDependent;
            return this;
        }

        /**
         * Sets the time span; the default is (0, 1).
         *
         * @param startTime {@code t0}, where the data live
         * @param endTime {@code t1}, where the base distribution lives, different from {@code t0}
         * @return this builder
         */
        public Builder optTimeSpan(double startTime, double endTime) {
            this.startTime = startTime;
            this.endTime = endTime;
            return this;
        }

        /**
         * Sets the solver; the default is Tsit5 with {@code abstol = 1e-6} and {@code reltol =
         * 1e-3}.
         *
         * @param solver the solver
         * @return this builder
         */
        public Builder optSolver(OdeSolver solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets the trace method; the default is {@link TraceMethod#EXACT}.
         *
         * @param traceMethod the method
         * @return this builder
         */
        public Builder optTraceMethod(TraceMethod traceMethod) {
            this.traceMethod = traceMethod;
            return this;
        }

        /**
         * Sets the distribution of Hutchinson's probes; the default is {@link
         * HutchinsonNoise#RADEMACHER}.
         *
         * @param noise the distribution
         * @return this builder
         */
        public Builder optNoise(HutchinsonNoise noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets which machinery computes the trace; the default is {@link TracePath#AUTO}.
         *
         * @param tracePath the path
         * @return this builder
         */
        public Builder optTracePath(TracePath tracePath) {
            this.tracePath = tracePath;
            return this;
        }

        /**
         * Sets the base distribution; the default is the standard normal.
         *
         * @param baseDistribution the distribution of {@code z(t1)}
         * @return this builder
         */
        public Builder optBaseDistribution(BaseDistribution baseDistribution) {
            this.baseDistribution = baseDistribution;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a required setting is missing or invalid
         */
        public FfjordBlock build() {
            if (vectorField == null) {
                throw new IllegalArgumentException("The vector field must be set");
            }
            if (dimension <= 0) {
                throw new IllegalArgumentException(
                        "The dimension must be positive, got " + dimension);
            }
            if (!Double.isFinite(startTime) || !Double.isFinite(endTime) || startTime == endTime) {
                throw new IllegalArgumentException(
                        "The time span must be two different finite times, got ("
                                + startTime
                                + ", "
                                + endTime
                                + ")");
            }
            if (solver == null || traceMethod == null || noise == null || tracePath == null) {
                throw new IllegalArgumentException(
                        "The solver, trace method, noise and trace path must not be null");
            }
            if (baseDistribution == null) {
                throw new IllegalArgumentException("The base distribution must not be null");
            }
            baseDistribution.checkDimension(dimension);
            if (standardization != null && standardization.getMean().length != dimension) {
                throw new IllegalArgumentException(
                        "The standardization has dimension "
                                + standardization.getMean().length
                                + " but the flow has dimension "
                                + dimension);
            }
            return new FfjordBlock(this);
        }
    }
}
