// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.util.ProgressBar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.GradMode;
import org.cnflow.djl.flow.LossEvaluation;
import org.cnflow.djl.ode.OdeSolverException;
import org.cnflow.djl.optim.DifferentiableFunction;
import org.cnflow.djl.optim.HagerZhangLineSearch;
import org.cnflow.djl.optim.Lbfgs;
import org.cnflow.djl.optim.LbfgsResult;
import org.cnflow.djl.optim.LbfgsStatus;
import org.cnflow.djl.optim.LineSearch;
import org.cnflow.djl.optim.MoreThuenteLineSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maximum-likelihood training of an {@link FfjordBlock} through a schedule of stages.
 *
 * <p>Each stage starts from the parameters the previous one left. Adam stages update through DJL's
 * {@link Adam} with the block's gradients; L-BFGS stages run the library's own {@link Lbfgs} on the
 * full batch. Every stage keeps the best parameters it saw: a NaN or infinite loss or gradient, or
 * a failed solve, never reaches the parameters, and the stage ends with the best restored and a
 * status that states the reason. Full-batch Adam ends on its best iterate. Minibatch Adam ends on
 * its last one, because minibatch losses do not rank parameters, and its final loss is then
 * evaluated on the full data.
 *
 * <p>Random numbers come from seeds in the stage configurations, so the same data, schedule and
 * initial parameters give identical losses run after run on the CPU.
 */
public final class FlowTrainer {

    private static final Logger logger = LoggerFactory.getLogger(FlowTrainer.class);

    /** How often L-BFGS restarts from its best point after a failed line search. */
    private static final int MAX_RESTARTS = 10;

    private final TrainingListener listener;
    private final boolean progressBar;
    private final int logInterval;

    private FlowTrainer(Builder builder) {
        listener = builder.listener;
        progressBar = builder.progressBar;
        logInterval = builder.logInterval;
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
     * Runs a schedule on a data set.
     *
     * @param block an initialized flow
     * @param data points of shape (N, d), of the block's data type
     * @param stages the stages, run in order
     * @return one report per stage
     */
    public TrainingResult fit(FfjordBlock block, NDArray data, List<TrainingStage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("The schedule has no stages");
        }
        long start = System.nanoTime();
        ParameterVector vector = new ParameterVector(block.getVectorField());
        List<StageReport> reports = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            TrainingStage stage = stages.get(i);
            StageReport report =
                    stage instanceof AdamStage adam
                            ? runAdam(i, adam, block, data, vector)
                            : runLbfgs(i, (LbfgsStage) stage, block, data, vector);
            logger.info("Stage {} finished:\n{}", i + 1, report);
            reports.add(report);
        }
        return new TrainingResult(reports, (System.nanoTime() - start) / 1e9);
    }

    private StageReport runAdam(
            int index, AdamStage stage, FfjordBlock block, NDArray data, ParameterVector vector) {
        Optimizer adam =
                Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed((float) stage.learningRate()))
                        .optBeta1((float) stage.beta1())
                        .optBeta2((float) stage.beta2())
                        .optEpsilon((float) stage.epsilon())
                        .optWeightDecays((float) stage.weightDecay())
                        .build();
        StageRun run = new StageRun(index, stage.optimizerName(), stage.iterations());
        long rows = data.getShape().get(0);
        boolean fullBatch = stage.batchSize() == 0 || stage.batchSize() >= rows;
        Batches batches = fullBatch ? null : new Batches(rows, stage.batchSize(), stage.seed());
        double[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;

        try (NDManager scope = data.getManager().newSubManager()) {
            for (int iteration = 1; iteration <= stage.iterations(); iteration++) {
                NDArray batch = fullBatch ? data : batches.next(scope, data);
                LossEvaluation evaluation;
                try {
                    evaluation = block.computeGradients(batch, stage.seed() + iteration);
                } catch (OdeSolverException e) {
                    run.stop(StageStatus.SOLVER_FAILED, e.getMessage());
                    break;
                } finally {
                    if (batch != data) {
                        batch.close();
                    }
                }
                run.count(evaluation);
                double[] gradient = vector.gradients();
                if (!Double.isFinite(evaluation.loss()) || !ParameterVector.isFinite(gradient)) {
                    run.stop(StageStatus.NON_FINITE, "loss " + evaluation.loss());
                    break;
                }
                if (evaluation.loss() < bestLoss) {
                    bestLoss = evaluation.loss();
                    best = vector.values();
                }
                if (!run.iterate(evaluation.loss(), ParameterVector.norm(gradient))) {
                    break;
                }
                try (GradMode grad = GradMode.disabled()) {
                    for (Parameter parameter : vector.parameters()) {
                        NDArray weight = parameter.getArray();
                        try (NDArray gradientArray = weight.getGradient()) {
                            adam.update(parameter.getId(), weight, gradientArray);
                        }
                    }
                }
            }
        }

        double finalLoss;
        if (fullBatch || run.status != StageStatus.ITERATION_LIMIT) {
            if (best != null) {
                vector.assign(best);
            }
            finalLoss = bestLoss;
        } else {
            LossEvaluation evaluation = block.computeLoss(data, stage.seed());
            run.countLossOnly(evaluation);
            finalLoss = evaluation.loss();
        }
        return run.report(finalLoss);
    }

    private StageReport runLbfgs(
            int index, LbfgsStage stage, FfjordBlock block, NDArray data, ParameterVector vector) {
        StageRun run = new StageRun(index, stage.optimizerName(), stage.maxIterations());
        StageStatus[] failure = {null};
        String[] failureDetail = {""};
        DifferentiableFunction objective =
                (point, gradientOut) -> {
                    vector.assign(point);
                    LossEvaluation evaluation;
                    try {
                        evaluation = block.computeGradients(data, stage.seed());
                    } catch (OdeSolverException e) {
                        failure[0] = StageStatus.SOLVER_FAILED;
                        failureDetail[0] = e.getMessage();
                        Arrays.fill(gradientOut, Double.NaN);
                        return Double.NaN;
                    }
                    run.count(evaluation);
                    double[] gradient = vector.gradients();
                    System.arraycopy(gradient, 0, gradientOut, 0, gradient.length);
                    return evaluation.loss();
                };
        // A line search fails where the loss, a solution at the solver's tolerance, is too rough
        // for the Wolfe conditions; L-BFGS then restarts from the best point with an empty
        // history, for as long as that still lowers the loss.
        double[] point = vector.values();
        LbfgsResult result = null;
        int restarts = 0;
        while (true) {
            int remaining = stage.maxIterations() - run.losses.size();
            LbfgsResult attempt =
                    Lbfgs.builder()
                            .optHistorySize(stage.historySize())
                            .optLineSearch(lineSearch(stage.lineSearch()))
                            .optMaxIterations(Math.max(1, remaining))
                            .optGradientTolerance(stage.gradientTolerance())
                            .optFunctionTolerance(stage.functionTolerance())
                            .optAllowFunctionIncreases(stage.allowFunctionIncreases())
                            .optIterationListener(
                                    record ->
                                            record.iteration() == 0
                                                    || run.iterate(
                                                            record.value(), record.gradientNorm()))
                            .build()
                            .minimize(objective, point);
            boolean improved = result == null || attempt.value() < result.value();
            if (result == null) {
                run.initialLoss = attempt.initialValue();
            }
            if (improved) {
                result = attempt;
            }
            boolean retry =
                    attempt.status() == LbfgsStatus.LINE_SEARCH_FAILED
                            && improved
                            && attempt.iterations() > 0
                            && restarts < MAX_RESTARTS
                            && run.losses.size() < stage.maxIterations()
                            && run.status != StageStatus.STOPPED_BY_LISTENER;
            if (!retry) {
                break;
            }
            restarts++;
            point = attempt.point();
        }
        vector.assign(result.point());
        if (run.status != StageStatus.STOPPED_BY_LISTENER) {
            StageStatus status = stageStatus(result);
            String restartNote = restarts > 0 ? " after " + restarts + " restarts" : "";
            if (status == StageStatus.NON_FINITE && failure[0] != null) {
                run.stop(failure[0], failureDetail[0]);
            } else {
                run.stop(status, result.message() + restartNote);
            }
        }
        return run.report(result.value());
    }

    private static StageStatus stageStatus(LbfgsResult result) {
        return switch (result.status()) {
            case GRADIENT_TOLERANCE -> StageStatus.GRADIENT_TOLERANCE;
            case FUNCTION_TOLERANCE -> StageStatus.FUNCTION_TOLERANCE;
            case X_TOLERANCE -> StageStatus.STEP_TOLERANCE;
            case MAX_ITERATIONS -> StageStatus.ITERATION_LIMIT;
            case LINE_SEARCH_FAILED -> StageStatus.LINE_SEARCH_FAILED;
            case FUNCTION_INCREASED -> StageStatus.FUNCTION_INCREASED;
            case NON_FINITE -> StageStatus.NON_FINITE;
            case STOPPED_BY_LISTENER -> StageStatus.STOPPED_BY_LISTENER;
        };
    }

    private static LineSearch lineSearch(LbfgsStage.LineSearchKind kind) {
        return kind == LbfgsStage.LineSearchKind.HAGER_ZHANG
                ? HagerZhangLineSearch.builder().build()
                : MoreThuenteLineSearch.builder().build();
    }

    /** Counters, losses and progress display of one stage. */
    private final class StageRun {

        private final int index;
        private final String optimizer;
        private final int maxIterations;
        private final long start = System.nanoTime();
        private final List<Double> losses = new ArrayList<>();
        private final ProgressBar bar;
        private StageStatus status = StageStatus.ITERATION_LIMIT;
        private String detail = "";
        private double initialLoss = Double.NaN;
        private int evaluations;
        private long forward;
        private long backward;
        private int lossOnly;

        StageRun(int index, String optimizer, int iterations) {
            this.index = index;
            this.optimizer = optimizer;
            this.maxIterations = iterations;
            this.bar = progressBar ? new ProgressBar(optimizer, iterations) : null;
        }

        void count(LossEvaluation evaluation) {
            evaluations++;
            forward += evaluation.forwardStats().functionEvaluations();
            backward += evaluation.backwardStats().functionEvaluations();
        }

        void countLossOnly(LossEvaluation evaluation) {
            lossOnly++;
            forward += evaluation.forwardStats().functionEvaluations();
        }

        /** Records an iteration and returns false when the listener requests a stop. */
        boolean iterate(double loss, double gradientNorm) {
            if (losses.isEmpty() && Double.isNaN(initialLoss)) {
                initialLoss = loss;
            }
            losses.add(loss);
            int iteration = losses.size();
            double seconds = seconds();
            if (bar != null) {
                bar.update(iteration, String.format(Locale.ROOT, "loss %.5f", loss));
            }
            if (logInterval > 0 && iteration % logInterval == 0) {
                double remaining = seconds / iteration * Math.max(0, maxIterations - iteration);
                logger.info(
                        "{} iteration {}/{}: loss {}, gradient norm {}, {} + {} solver"
                                + " evaluations, {} s elapsed, at most {} s left",
                        optimizer,
                        iteration,
                        maxIterations,
                        String.format(Locale.ROOT, "%.6f", loss),
                        String.format(Locale.ROOT, "%.3g", gradientNorm),
                        forward,
                        backward,
                        String.format(Locale.ROOT, "%.1f", seconds),
                        String.format(Locale.ROOT, "%.0f", remaining));
            }
            if (listener != null
                    && !listener.onIteration(
                            new IterationProgress(
                                    index,
                                    optimizer,
                                    iteration,
                                    loss,
                                    gradientNorm,
                                    forward,
                                    backward,
                                    seconds))) {
                stop(StageStatus.STOPPED_BY_LISTENER, "");
                return false;
            }
            return true;
        }

        void stop(StageStatus status, String detail) {
            this.status = status;
            this.detail = detail == null ? "" : detail;
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        StageReport report(double finalLoss) {
            if (bar != null) {
                bar.end();
            }
            return new StageReport(
                    optimizer,
                    status,
                    detail,
                    initialLoss,
                    finalLoss,
                    losses.size(),
                    evaluations + lossOnly,
                    evaluations,
                    forward,
                    backward,
                    seconds(),
                    losses);
        }
    }

    /** Shuffled minibatches, reshuffled every epoch from one seeded generator. */
    private static final class Batches {

        private final int[] order;
        private final int batchSize;
        private final SplittableRandom random;
        private int position;

        Batches(long rows, int batchSize, long seed) {
            this.order = new int[Math.toIntExact(rows)];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            this.batchSize = batchSize;
            this.random = new SplittableRandom(seed);
            shuffle();
        }

        NDArray next(NDManager scope, NDArray data) {
            if (position + batchSize > order.length) {
                shuffle();
            }
            long[] indices = new long[batchSize];
            for (int i = 0; i < batchSize; i++) {
                indices[i] = order[position + i];
            }
            position += batchSize;
            NDArray indexArray = scope.create(indices);
            NDArray batch = data.get(indexArray);
            batch.attach(scope);
            indexArray.close();
            return batch;
        }

        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            position = 0;
        }
    }

    /** Configures a {@link FlowTrainer}. */
    public static final class Builder {

        private TrainingListener listener;
        private boolean progressBar;
        private int logInterval;

        Builder() {}

        /**
         * Sets a listener that receives every iteration and may stop a stage.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Shows DJL's progress bar on standard output during each stage; the default is off.
         *
         * @param progressBar true to show it
         * @return this builder
         */
        public Builder optProgressBar(boolean progressBar) {
            this.progressBar = progressBar;
            return this;
        }

        /**
         * Logs a line at INFO every {@code interval} iterations; the default, 0, logs only the
         * stage reports.
         *
         * @param interval iterations between log lines, or 0
         * @return this builder
         */
        public Builder optLogInterval(int interval) {
            if (interval < 0) {
                throw new IllegalArgumentException(
                        "The log interval must be positive, or 0 for none, got " + interval);
            }
            this.logInterval = interval;
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         */
        public FlowTrainer build() {
            return new FlowTrainer(this);
        }
    }
}
