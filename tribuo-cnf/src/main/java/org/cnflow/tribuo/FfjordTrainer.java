// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.cnflow.djl.EngineSupport;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.GradientMode;
import org.cnflow.djl.flow.TraceMethod;
import org.cnflow.djl.nn.Elu;
import org.cnflow.djl.nn.FlowLayer;
import org.cnflow.djl.nn.Sigmoid;
import org.cnflow.djl.nn.Silu;
import org.cnflow.djl.nn.Softplus;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.training.AdamStage;
import org.cnflow.djl.training.FlowTrainer;
import org.cnflow.djl.training.LbfgsStage;
import org.cnflow.djl.training.StageReport;
import org.cnflow.djl.training.TrainingResult;
import org.cnflow.djl.training.TrainingStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Trainer;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * Trains an FFJORD continuous normalizing flow (Grathwohl et al. 2018, arXiv:1810.01367) on a
 * dataset's features by maximum likelihood, first with Adam and optionally then with L-BFGS.
 *
 * <p>The flow's dimension is the number of features in the dataset, ordered by feature id, and its
 * vector field is a multilayer perceptron ({@code hiddenSizes}, {@code activation}), time-dependent
 * through concat-squash layers when {@code timeDependent} is set. With {@code standardize} on, the
 * flow first maps each feature to zero mean and unit variance using the training rows, and
 * log-densities stay in the units of the original features. A feature absent from a sparse example
 * is read as 0, as everywhere in Tribuo.
 *
 * <p>With {@code validationFraction} above 0, that share of the rows is held out at random, the
 * validation negative log-likelihood is computed every {@code validationInterval} iterations, a
 * stage stops after {@code patience} checks without improvement, and the model ends with the
 * parameters of the best check.
 *
 * <p>Every hyperparameter is an OLCUT {@link Config} field, so configuration files and the model's
 * provenance record it. The model's provenance also records every stage's report. Random numbers
 * (initial weights, the validation split, minibatches, Hutchinson's probes) derive from {@code
 * seed} through a {@link SplittableRandom} split once per call to {@code train}, so the n-th call
 * of a trainer gives the same model run after run; several threads may call {@code train} at once.
 */
public final class FfjordTrainer implements Trainer<LogDensity> {

    private static final Logger logger = LoggerFactory.getLogger(FfjordTrainer.class);

    /** The activations the vector field can use. */
    public enum Activation {
        /** The hyperbolic tangent. */
        TANH(Tanh::new),
        /** {@code log(1 + exp(x))}. */
        SOFTPLUS(Softplus::new),
        /** The exponential linear unit with α = 1. */
        ELU(Elu::new),
        /** {@code x · sigmoid(x)}. */
        SILU(Silu::new),
        /** The logistic sigmoid. */
        SIGMOID(Sigmoid::new);

        private final Supplier<? extends FlowLayer> factory;

        Activation(Supplier<? extends FlowLayer> factory) {
            this.factory = factory;
        }

        Supplier<? extends FlowLayer> factory() {
            return factory;
        }
    }

    /** The embedded Runge–Kutta pairs the flow can integrate with. */
    public enum Solver {
        /** Tsitouras' 5(4) pair. */
        TSIT5,
        /** Dormand and Prince's 5(4) pair. */
        DOPRI5
    }

    /** The floating-point type of the flow's parameters and arithmetic. */
    public enum Precision {
        /** 32-bit floats. */
        FLOAT32,
        /** 64-bit floats. */
        FLOAT64
    }

    @Config(description = "Widths of the vector field's hidden layers.")
    private int[] hiddenSizes = {32, 32};

    @Config(description = "Activation after every hidden layer of the vector field.")
    private Activation activation = Activation.TANH;

    @Config(
            description =
                    "Activation after the vector field's output layer; unset for none. A bounded"
                            + " one (TANH) caps the field's speed.")
    private Activation finalActivation = null;

    @Config(
            description =
                    "Iterations between progress lines on the log (loss, solver evaluations,"
                            + " elapsed and remaining time); 0 prints only stage reports.")
    private int progressInterval = 0;

    @Config(description = "Whether the vector field depends on time (concat-squash layers).")
    private boolean timeDependent = true;

    @Config(description = "Start time t0 of the flow's integration.")
    private double startTime = 0.0;

    @Config(description = "End time t1 of the flow's integration, greater than startTime.")
    private double endTime = 1.0;

    @Config(description = "Runge-Kutta pair of the adaptive ODE solver.")
    private Solver solver = Solver.TSIT5;

    @Config(description = "Absolute tolerance of the ODE solver, positive.")
    private double absoluteTolerance = 1e-5;

    @Config(description = "Relative tolerance of the ODE solver, positive.")
    private double relativeTolerance = 1e-5;

    @Config(description = "Jacobian trace: EXACT, or HUTCHINSON's stochastic estimate.")
    private TraceMethod traceMethod = TraceMethod.EXACT;

    @Config(description = "Gradient computation: BACKPROP through the solver, or ADJOINT.")
    private GradientMode gradientMode = GradientMode.BACKPROP;

    @Config(description = "Weight of the kinetic-energy regularizer, non-negative; 0 turns it off.")
    private double kineticWeight = 0.0;

    @Config(description = "Weight of the Jacobian Frobenius regularizer, non-negative; 0 is off.")
    private double jacobianWeight = 0.0;

    @Config(description = "Adam's learning rate, positive.")
    private double learningRate = 1e-2;

    @Config(description = "Number of Adam iterations, positive.")
    private int iterations = 500;

    @Config(description = "Adam's first-moment decay, in [0, 1).")
    private double beta1 = 0.9;

    @Config(description = "Adam's second-moment decay, in [0, 1).")
    private double beta2 = 0.999;

    @Config(description = "Adam's denominator offset, positive.")
    private double epsilon = 1e-8;

    @Config(description = "L2 weight decay added to Adam's gradient, non-negative.")
    private double weightDecay = 0.0;

    @Config(description = "Maximum L-BFGS iterations after Adam; 0 runs no L-BFGS stage.")
    private int lbfgsIterations = 0;

    @Config(description = "Number of correction pairs L-BFGS keeps, positive.")
    private int lbfgsHistory = 10;

    @Config(description = "Line search of L-BFGS.")
    private LbfgsStage.LineSearchKind lbfgsLineSearch = LbfgsStage.LineSearchKind.MORE_THUENTE;

    @Config(description = "L-BFGS stops when no gradient entry exceeds this, non-negative.")
    private double lbfgsGradientTolerance = 1e-8;

    @Config(description = "Rows per Adam update; 0 uses every training row.")
    private int minibatchSize = 0;

    @Config(description = "Seed of every random choice in training.")
    private long seed = Trainer.DEFAULT_SEED;

    @Config(description = "Whether to standardize each feature with the training rows' statistics.")
    private boolean standardize = true;

    @Config(description = "Fraction of rows held out for early stopping, in [0, 1). 0 disables it.")
    private double validationFraction = 0.0;

    @Config(description = "Iterations between validation checks, positive.")
    private int validationInterval = 10;

    @Config(description = "Validation checks without improvement before a stage stops, positive.")
    private int patience = 5;

    @Config(description = "Floating-point type of the flow: FLOAT32 or FLOAT64.")
    private Precision dataType = Precision.FLOAT32;

    private SplittableRandom rng;

    private int invocationCount = 0;

    /** Creates a trainer with the default settings listed on each field. */
    public FfjordTrainer() {
        postConfig();
    }

    /**
     * Creates a builder that starts from the default settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates the configuration and seeds the trainer's random number generator.
     *
     * @throws PropertyException naming the first invalid field and its value
     */
    @Override
    public synchronized void postConfig() {
        check(hiddenSizes != null, "hiddenSizes", null, "must be set");
        for (int size : hiddenSizes) {
            check(size > 0, "hiddenSizes", Arrays.toString(hiddenSizes), "must all be positive");
        }
        check(activation != null, "activation", null, "must be set");
        check(progressInterval >= 0, "progressInterval", progressInterval, "must be 0 or more");

        check(Double.isFinite(startTime), "startTime", startTime, "must be finite");
        check(
                Double.isFinite(endTime) && endTime > startTime,
                "endTime",
                endTime,
                "must be finite and greater than startTime " + startTime);

        check(solver != null, "solver", null, "must be set");
        checkPositive(absoluteTolerance, "absoluteTolerance");
        checkPositive(relativeTolerance, "relativeTolerance");
        check(traceMethod != null, "traceMethod", null, "must be set");
        check(gradientMode != null, "gradientMode", null, "must be set");
        checkNonNegative(kineticWeight, "kineticWeight");
        checkNonNegative(jacobianWeight, "jacobianWeight");

        checkPositive(learningRate, "learningRate");
        check(iterations > 0, "iterations", iterations, "must be positive");
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "must be in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "must be in [0, 1)");
        checkPositive(epsilon, "epsilon");
        checkNonNegative(weightDecay, "weightDecay");

        check(lbfgsIterations >= 0, "lbfgsIterations", lbfgsIterations, "must be non-negative");
        check(lbfgsHistory > 0, "lbfgsHistory", lbfgsHistory, "must be positive");
        check(lbfgsLineSearch != null, "lbfgsLineSearch", null, "must be set");
        checkNonNegative(lbfgsGradientTolerance, "lbfgsGradientTolerance");

        check(minibatchSize >= 0, "minibatchSize", minibatchSize, "must be non-negative");
        check(
                validationFraction >= 0 && validationFraction < 1,
                "validationFraction",
                validationFraction,
                "must be in [0, 1)");
        check(validationInterval > 0, "validationInterval", validationInterval, "must be positive");
        check(patience > 0, "patience", patience, "must be positive");
        check(dataType != null, "dataType", null, "must be set");

        rng = new SplittableRandom(seed);
        invocationCount = 0;
    }

    private static void check(boolean valid, String field, Object value, String requirement) {
        if (!valid) {
            throw new PropertyException(
                    "", field, "Invalid value " + value + " for " + field + ": it " + requirement);
        }
    }

    private static void checkPositive(double value, String field) {
        check(value > 0 && Double.isFinite(value), field, value, "must be positive and finite");
    }

    private static void checkNonNegative(double value, String field) {
        check(
                value >= 0 && Double.isFinite(value),
                field,
                value,
                "must be non-negative and finite");
    }

    /**
     * Trains a flow on the dataset's features, as {@link #train(Dataset, Map)} with no extra
     * provenance.
     *
     * @param dataset the training examples
     * @return the trained model, which owns native memory until closed
     */
    @Override
    public FfjordModel train(Dataset<LogDensity> dataset) {
        return train(dataset, Map.of());
    }

    /**
     * Trains a flow on the dataset's features; the examples' outputs are ignored.
     *
     * @param dataset the training examples, at least one (two with a validation fraction)
     * @param runProvenance extra provenance to store in the model
     * @return the trained model, which owns native memory until closed
     * @throws IllegalArgumentException if the dataset is empty, has no features, or an example has
     *     a non-finite value; the message names the example
     */
    @Override
    public FfjordModel train(Dataset<LogDensity> dataset, Map<String, Provenance> runProvenance) {
        return train(dataset, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    /**
     * Trains a flow, as {@link #train(Dataset, Map)}, as if it were the given call of this trainer.
     *
     * @param dataset the training examples
     * @param runProvenance extra provenance to store in the model
     * @param invocationCount the call's number, or {@link #INCREMENT_INVOCATION_COUNT} for the next
     * @return the trained model
     */
    @Override
    public FfjordModel train(
            Dataset<LogDensity> dataset,
            Map<String, Provenance> runProvenance,
            int invocationCount) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(
                    "Cannot train an FFJORD flow on an empty dataset: "
                            + dataset.getSourceDescription());
        }
        ImmutableFeatureMap featureMap = dataset.getFeatureIDMap();
        int dimension = featureMap.size();
        if (dimension == 0) {
            throw new IllegalArgumentException(
                    "Cannot train an FFJORD flow on a dataset without features");
        }
        double[][] rows = readRows(dataset, featureMap);

        SplittableRandom localRng;
        TrainerProvenance trainerProvenance;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            localRng = rng.split();
            trainerProvenance = getProvenance();
            this.invocationCount++;
        }

        Split split = split(rows, localRng);
        FlowArchitecture architecture = architecture(dimension, split.training());
        NDManager manager = EngineSupport.pytorch().newBaseManager();
        try {
            FfjordBlock block = architecture.buildBlock();
            block.initialize(manager, architecture.dataType(), new Shape(1, dimension));
            FlowParameters.seed(block.getVectorField(), localRng);
            Map<String, Provenance> instance = new LinkedHashMap<>(runProvenance);
            fit(block, architecture, split, localRng, manager, instance);

            ModelProvenance provenance =
                    new ModelProvenance(
                            FfjordModel.class.getName(),
                            OffsetDateTime.now(),
                            dataset.getProvenance(),
                            trainerProvenance,
                            instance);
            return new FfjordModel(
                    "ffjord-model",
                    provenance,
                    featureMap,
                    new ImmutableLogDensityInfo(0, dataset.size()),
                    architecture,
                    manager,
                    block);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** Reads every example as a dense row, a missing feature as 0. */
    private static double[][] readRows(
            Dataset<LogDensity> dataset, ImmutableFeatureMap featureMap) {
        double[][] rows = new double[dataset.size()][featureMap.size()];
        int index = 0;
        for (Example<LogDensity> example : dataset) {
            for (Feature feature : example) {
                int id = featureMap.getID(feature.getName());
                if (id < 0) {
                    continue;
                }
                double value = feature.getValue();
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(
                            "Training example "
                                    + index
                                    + " has the invalid value "
                                    + value
                                    + " for feature '"
                                    + feature.getName()
                                    + "': every feature value must be finite");
                }
                rows[index][id] = value;
            }
            index++;
        }
        return rows;
    }

    /** The rows the flow is fitted to and the rows held out for early stopping. */
    private record Split(double[][] training, double[][] validation) {}

    private Split split(double[][] rows, SplittableRandom random) {
        if (validationFraction == 0) {
            return new Split(rows, new double[0][]);
        }
        int validationCount = Math.max(1, (int) Math.round(rows.length * validationFraction));
        if (validationCount >= rows.length) {
            throw new IllegalArgumentException(
                    "A validation fraction of "
                            + validationFraction
                            + " leaves no training rows out of "
                            + rows.length
                            + ": lower validationFraction or supply more examples");
        }
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        double[][] validation = new double[validationCount][];
        double[][] training = new double[rows.length - validationCount][];
        for (int i = 0; i < order.length; i++) {
            if (i < validationCount) {
                validation[i] = rows[order[i]];
            } else {
                training[i - validationCount] = rows[order[i]];
            }
        }
        return new Split(training, validation);
    }

    private FlowArchitecture architecture(int dimension, double[][] training) {
        double[] mean = null;
        double[] scale = null;
        if (standardize) {
            mean = new double[dimension];
            scale = new double[dimension];
            for (double[] row : training) {
                for (int j = 0; j < dimension; j++) {
                    mean[j] += row[j] / training.length;
                }
            }
            for (double[] row : training) {
                for (int j = 0; j < dimension; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / training.length;
                }
            }
            for (int j = 0; j < dimension; j++) {
                scale[j] = Math.sqrt(scale[j]);
                if (!(scale[j] > 0)) {
                    // NOTE: a constant feature has no density; scale 1 keeps training defined, and
                    // the flow then concentrates its mass near the constant.
                    logger.warn("Feature {} is constant in the training rows; its scale is 1", j);
                    scale[j] = 1.0;
                }
            }
        }
        return new FlowArchitecture(
                dimension,
                hiddenSizes.clone(),
                activation,
                finalActivation,
                timeDependent,
                startTime,
                endTime,
                solver,
                absoluteTolerance,
                relativeTolerance,
                traceMethod,
                gradientMode,
                kineticWeight,
                jacobianWeight,
                dataType,
                mean,
                scale);
    }

    /** Runs the stages and records their reports, and the validation's, in {@code instance}. */
    private void fit(
            FfjordBlock block,
            FlowArchitecture architecture,
            Split split,
            SplittableRandom random,
            NDManager manager,
            Map<String, Provenance> instance) {
        List<TrainingStage> stages = new ArrayList<>();
        stages.add(
                new AdamStage(
                        learningRate,
                        beta1,
                        beta2,
                        epsilon,
                        weightDecay,
                        iterations,
                        minibatchSize,
                        random.nextLong()));
        if (lbfgsIterations > 0) {
            stages.add(
                    new LbfgsStage(
                            lbfgsHistory,
                            lbfgsLineSearch,
                            lbfgsIterations,
                            lbfgsGradientTolerance,
                            0.0,
                            true,
                            random.nextLong()));
        }

        try (NDManager data = manager.newSubManager()) {
            NDArray training = toArray(data, split.training(), architecture);
            EarlyStopping stopping = null;
            FlowTrainer.Builder flowTrainer =
                    FlowTrainer.builder().optLogInterval(progressInterval);
            if (split.validation().length > 0) {
                NDArray validation = toArray(data, split.validation(), architecture);
                stopping = new EarlyStopping(block, validation, validationInterval, patience);
                flowTrainer.optListener(stopping);
            }
            TrainingResult result = flowTrainer.build().fit(block, training, stages);
            if (stopping != null) {
                stopping.restoreBest();
                instance.put("validation", stopping.provenance());
            }
            instance.put(
                    "training-rows", new IntProvenance("training-rows", split.training().length));
            instance.put("stages", stageProvenance(result));
        }
    }

    private static NDArray toArray(
            NDManager manager, double[][] rows, FlowArchitecture architecture) {
        int dimension = architecture.dimension();
        double[] flat = new double[rows.length * dimension];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dimension, dimension);
        }
        return manager.create(flat, new Shape(rows.length, dimension))
                .toType(architecture.dataType(), false);
    }

    private static ListProvenance<MapProvenance<Provenance>> stageProvenance(
            TrainingResult result) {
        List<MapProvenance<Provenance>> stages = new ArrayList<>();
        for (StageReport report : result.stages()) {
            Map<String, Provenance> fields = new LinkedHashMap<>();
            fields.put("optimizer", new StringProvenance("optimizer", report.optimizer()));
            fields.put("status", new StringProvenance("status", report.status().name()));
            fields.put("detail", new StringProvenance("detail", report.detail()));
            fields.put("initialLoss", number("initialLoss", report.initialLoss()));
            fields.put("finalLoss", number("finalLoss", report.finalLoss()));
            fields.put("iterations", new IntProvenance("iterations", report.iterations()));
            fields.put(
                    "lossEvaluations",
                    new IntProvenance("lossEvaluations", report.lossEvaluations()));
            fields.put(
                    "gradientEvaluations",
                    new IntProvenance("gradientEvaluations", report.gradientEvaluations()));
            fields.put(
                    "forwardEvaluations",
                    new LongProvenance("forwardEvaluations", report.forwardEvaluations()));
            fields.put(
                    "backwardEvaluations",
                    new LongProvenance("backwardEvaluations", report.backwardEvaluations()));
            fields.put("seconds", number("seconds", report.seconds()));
            List<Provenance> losses = new ArrayList<>();
            for (double loss : report.losses()) {
                losses.add(number("loss", loss));
            }
            fields.put("losses", new ListProvenance<>(losses));
            stages.add(new MapProvenance<>(fields));
        }
        return new ListProvenance<>(stages);
    }

    /**
     * Records a number as a {@link DoubleProvenance}, or as text when it is not finite, since a NaN
     * would not compare equal to itself after the provenance is marshalled.
     */
    static Provenance number(String key, double value) {
        return Double.isFinite(value)
                ? new DoubleProvenance(key, value)
                : new StringProvenance(key, Double.toString(value));
    }

    /**
     * Returns the number of times {@code train} has run since construction or configuration.
     *
     * @return the count, which sets the random state of the next call
     */
    @Override
    public synchronized int getInvocationCount() {
        return invocationCount;
    }

    /**
     * Sets the number of earlier calls, so the next call of {@code train} reproduces that call of a
     * fresh trainer.
     *
     * @param invocationCount the count, non-negative
     * @throws IllegalArgumentException if the count is negative
     */
    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException(
                    "The invocation count must be non-negative, got " + invocationCount);
        }
        rng = new SplittableRandom(seed);
        for (int i = 0; i < invocationCount; i++) {
            rng.split();
        }
        this.invocationCount = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "FfjordTrainer(hiddenSizes="
                + Arrays.toString(hiddenSizes)
                + ", activation="
                + activation
                + ", timeDependent="
                + timeDependent
                + ", timeSpan=["
                + startTime
                + ", "
                + endTime
                + "], solver="
                + solver
                + ", tolerances="
                + absoluteTolerance
                + "/"
                + relativeTolerance
                + ", traceMethod="
                + traceMethod
                + ", adam="
                + learningRate
                + "x"
                + iterations
                + ", lbfgsIterations="
                + lbfgsIterations
                + ", validationFraction="
                + validationFraction
                + ", dataType="
                + dataType
                + ", seed="
                + seed
                + ")";
    }

    /** Sets an {@link FfjordTrainer}'s fields, then validates them as configuration does. */
    public static final class Builder {

        private final FfjordTrainer trainer = new FfjordTrainer();

        private Builder() {}

        /**
         * Sets the widths of the vector field's hidden layers, 32 and 32 by default.
         *
         * @param hiddenSizes the widths, each positive
         * @return this builder
         */
        public Builder hiddenSizes(int... hiddenSizes) {
            trainer.hiddenSizes = hiddenSizes.clone();
            return this;
        }

        /**
         * Sets the hidden activation, {@link Activation#TANH} by default.
         *
         * @param activation the activation
         * @return this builder
         */
        public Builder activation(Activation activation) {
            trainer.activation = activation;
            return this;
        }

        /**
         * Sets the activation after the output layer; the default is none.
         *
         * @param finalActivation the activation, or null for none
         * @return this builder
         */
        public Builder finalActivation(Activation finalActivation) {
            trainer.finalActivation = finalActivation;
            return this;
        }

        /**
         * Sets the iterations between progress lines on the log; 0, the default, logs only the
         * stage reports.
         *
         * @param progressInterval a non-negative number of iterations
         * @return this builder
         */
        public Builder progressInterval(int progressInterval) {
            trainer.progressInterval = progressInterval;
            return this;
        }

        /**
         * Sets whether the vector field depends on time, true by default.
         *
         * @param timeDependent true for concat-squash layers
         * @return this builder
         */
        public Builder timeDependent(boolean timeDependent) {
            trainer.timeDependent = timeDependent;
            return this;
        }

        /**
         * Sets the integration interval, [0, 1] by default.
         *
         * @param startTime t0
         * @param endTime t1, greater than t0
         * @return this builder
         */
        public Builder timeSpan(double startTime, double endTime) {
            trainer.startTime = startTime;
            trainer.endTime = endTime;
            return this;
        }

        /**
         * Sets the Runge–Kutta pair, {@link Solver#TSIT5} by default.
         *
         * @param solver the pair
         * @return this builder
         */
        public Builder solver(Solver solver) {
            trainer.solver = solver;
            return this;
        }

        /**
         * Sets the solver's tolerances, 1e-5 and 1e-5 by default.
         *
         * @param absoluteTolerance the absolute tolerance, positive
         * @param relativeTolerance the relative tolerance, positive
         * @return this builder
         */
        public Builder tolerances(double absoluteTolerance, double relativeTolerance) {
            trainer.absoluteTolerance = absoluteTolerance;
            trainer.relativeTolerance = relativeTolerance;
            return this;
        }

        /**
         * Sets the Jacobian trace, {@link TraceMethod#EXACT} by default.
         *
         * @param traceMethod the trace
         * @return this builder
         */
        public Builder traceMethod(TraceMethod traceMethod) {
            trainer.traceMethod = traceMethod;
            return this;
        }

        /**
         * Sets how gradients are computed, {@link GradientMode#BACKPROP} by default.
         *
         * @param gradientMode the mode
         * @return this builder
         */
        public Builder gradientMode(GradientMode gradientMode) {
            trainer.gradientMode = gradientMode;
            return this;
        }

        /**
         * Sets the regularizer weights, both 0 by default.
         *
         * @param kineticWeight the kinetic-energy weight, non-negative
         * @param jacobianWeight the Jacobian Frobenius weight, non-negative
         * @return this builder
         */
        public Builder regularization(double kineticWeight, double jacobianWeight) {
            trainer.kineticWeight = kineticWeight;
            trainer.jacobianWeight = jacobianWeight;
            return this;
        }

        /**
         * Sets Adam's learning rate and iterations, 1e-2 and 500 by default.
         *
         * @param learningRate the learning rate, positive
         * @param iterations the iterations, positive
         * @return this builder
         */
        public Builder adam(double learningRate, int iterations) {
            trainer.learningRate = learningRate;
            trainer.iterations = iterations;
            return this;
        }

        /**
         * Sets Adam's moment decays, offset and weight decay, by default 0.9, 0.999, 1e-8 and 0.
         *
         * @param beta1 the first-moment decay, in [0, 1)
         * @param beta2 the second-moment decay, in [0, 1)
         * @param epsilon the offset, positive
         * @param weightDecay the L2 weight decay, non-negative
         * @return this builder
         */
        public Builder adamSettings(
                double beta1, double beta2, double epsilon, double weightDecay) {
            trainer.beta1 = beta1;
            trainer.beta2 = beta2;
            trainer.epsilon = epsilon;
            trainer.weightDecay = weightDecay;
            return this;
        }

        /**
         * Adds an L-BFGS stage after Adam; there is none by default.
         *
         * @param iterations the maximum iterations, or 0 for no stage
         * @param history the number of correction pairs, 10 by default
         * @param lineSearch the line search, Moré–Thuente by default
         * @param gradientTolerance the gradient tolerance, 1e-8 by default
         * @return this builder
         */
        public Builder lbfgs(
                int iterations,
                int history,
                LbfgsStage.LineSearchKind lineSearch,
                double gradientTolerance) {
            trainer.lbfgsIterations = iterations;
            trainer.lbfgsHistory = history;
            trainer.lbfgsLineSearch = lineSearch;
            trainer.lbfgsGradientTolerance = gradientTolerance;
            return this;
        }

        /**
         * Sets the rows per Adam update, 0 (every row) by default.
         *
         * @param minibatchSize the rows, or 0 for the full batch
         * @return this builder
         */
        public Builder minibatchSize(int minibatchSize) {
            trainer.minibatchSize = minibatchSize;
            return this;
        }

        /**
         * Sets the seed, {@link Trainer#DEFAULT_SEED} by default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            trainer.seed = seed;
            return this;
        }

        /**
         * Sets whether features are standardized, true by default.
         *
         * @param standardize true to standardize with the training rows' mean and deviation
         * @return this builder
         */
        public Builder standardize(boolean standardize) {
            trainer.standardize = standardize;
            return this;
        }

        /**
         * Sets early stopping on held-out rows; by default no rows are held out.
         *
         * @param fraction the share of rows held out, in [0, 1)
         * @param interval iterations between checks, 10 by default
         * @param patience checks without improvement before a stage stops, 5 by default
         * @return this builder
         */
        public Builder validation(double fraction, int interval, int patience) {
            trainer.validationFraction = fraction;
            trainer.validationInterval = interval;
            trainer.patience = patience;
            return this;
        }

        /**
         * Sets the floating-point type, {@link Precision#FLOAT32} by default.
         *
         * @param dataType the type
         * @return this builder
         */
        public Builder dataType(Precision dataType) {
            trainer.dataType = dataType;
            return this;
        }

        /**
         * Validates the settings and returns the trainer.
         *
         * @return the trainer
         * @throws PropertyException naming the first invalid setting
         */
        public FfjordTrainer build() {
            trainer.postConfig();
            return trainer;
        }
    }
}
