// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.benchmark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cnflow.djl.EngineSupport;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.GradMode;
import org.cnflow.djl.flow.GradientMode;
import org.cnflow.djl.flow.LossEvaluation;
import org.cnflow.djl.flow.TracePath;
import org.cnflow.djl.nn.FlowLayer;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.ForwardModeTraces;
import org.cnflow.djl.ode.OdeSolver;
import org.cnflow.djl.testing.NormalProblem;
import org.cnflow.djl.training.AdamStage;
import org.cnflow.djl.training.FlowTrainer;
import org.cnflow.djl.training.LbfgsStage;
import org.cnflow.djl.training.StageReport;
import org.cnflow.djl.training.TrainingResult;

/**
 * Times the engine-bound operations of the library on the two reference networks, outside the unit
 * tests. Run with {@code mvn -B -q -pl djl-cnf test-compile exec:java@benchmark}.
 *
 * <p>Each figure is the median over repeated batches of calls after a warm-up, in float32 with a
 * batch of 100 points, as the PyTorch reference figures were measured.
 */
public final class EngineBenchmark {

    private static final int BATCH = 100;

    private EngineBenchmark() {}

    /**
     * Runs every benchmark and prints a table.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Engine engine = EngineSupport.pytorch();
        System.out.printf(
                Locale.ROOT,
                "Engine %s %s, ai.djl.pytorch.num_threads=%s, num_interop_threads=%s,"
                        + " available processors %d%n",
                engine.getEngineName(),
                engine.getVersion(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "default"),
                Runtime.getRuntime().availableProcessors());
        normalNetwork();
        concatSquashNetwork();
        normalWorkloadTraining();
    }

    private static void normalNetwork() {
        System.out.println("\n1-D normal workload net: 1 -> 3 -> 1 tanh, batch 100, float32");
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalProblem problem = NormalProblem.load();
            FfjordBlock backprop = normalFlow(manager, problem, GradientMode.BACKPROP);
            FfjordBlock adjoint = normalFlow(manager, problem, GradientMode.ADJOINT);
            FfjordBlock autograd =
                    FfjordBlock.builder()
                            .setVectorField(backprop.getVectorField())
                            .setDimension(1)
                            .optTimeSpan(0, 10)
                            .optTracePath(TracePath.AUTOGRAD)
                            .build();
            NDArray x = problem.data(manager, DataType.FLOAT32);
            fieldAndTraces(manager, (FlowLayer) backprop.getVectorField(), x, false);
            solvesAndGradients(x, backprop, adjoint, autograd);
        }
    }

    private static void concatSquashNetwork() {
        System.out.println(
                "\n2-D concat-squash net: 64-64-64 tanh, batch 100, float32, Tsit5 at"
                        + " atol = rtol = 1e-5, time span (0, 0.5)");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block field =
                    FlowMlp.builder()
                            .setInputSize(2)
                            .optHiddenSizes(64, 64, 64)
                            .optTimeDependent(true)
                            .build();
            OdeSolver solver = OdeSolver.builder().optTolerance(1e-5).build();
            FfjordBlock backprop =
                    concatSquashFlow(field, solver, GradientMode.BACKPROP, TracePath.AUTO);
            backprop.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 2));
            FfjordBlock adjoint =
                    concatSquashFlow(field, solver, GradientMode.ADJOINT, TracePath.AUTO);
            FfjordBlock autograd =
                    concatSquashFlow(field, solver, GradientMode.ADJOINT, TracePath.AUTOGRAD);
            float[] points = new float[2 * BATCH];
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < points.length; i++) {
                points[i] = (float) (4 * random.nextDouble() - 2);
            }
            NDArray x = manager.create(points, new Shape(BATCH, 2));
            fieldAndTraces(manager, (FlowLayer) field, x, true);
            solvesAndGradients(x, backprop, adjoint, autograd);
        }
    }

    private static void fieldAndTraces(
            NDManager manager, FlowLayer field, NDArray x, boolean timeDependent) {
        NDArray probe = manager.ones(x.getShape(), x.getDataType());
        report(
                "vector field f(z)",
                secondsPerCall(
                        () -> {
                            try (NDManager scope = manager.newSubManager();
                                    GradMode grad = GradMode.disabled()) {
                                NDArray z = scoped(scope, x);
                                field.forward(
                                        new ParameterStore(scope, false),
                                        inputs(z, timeDependent),
                                        false);
                            }
                        }),
                "");
        report(
                "f + exact trace, forward mode",
                secondsPerCall(
                        () -> {
                            try (NDManager scope = manager.newSubManager();
                                    GradMode grad = GradMode.disabled()) {
                                NDArray z = scoped(scope, x);
                                ForwardModeTraces.exactTrace(
                                        field,
                                        new ParameterStore(scope, false),
                                        z,
                                        time(z, timeDependent));
                            }
                        }),
                "");
        report(
                "f + Hutchinson trace, forward mode",
                secondsPerCall(
                        () -> {
                            try (NDManager scope = manager.newSubManager();
                                    GradMode grad = GradMode.disabled()) {
                                NDArray z = scoped(scope, x);
                                ForwardModeTraces.hutchinson(
                                        field,
                                        new ParameterStore(scope, false),
                                        z,
                                        time(z, timeDependent),
                                        scoped(scope, probe));
                            }
                        }),
                "");
    }

    private static void solvesAndGradients(
            NDArray x, FfjordBlock backprop, FfjordBlock adjoint, FfjordBlock autograd) {
        int[] evaluations = new int[1];
        report(
                "forward solve, forward-mode exact trace",
                secondsPerCall(
                        () -> {
                            evaluations[0] =
                                    backprop.logDensity(x).getStats().functionEvaluations();
                        }),
                evaluations[0] + " evaluations");
        report(
                "forward solve, autograd exact trace",
                secondsPerCall(
                        () -> {
                            evaluations[0] =
                                    autograd.logDensity(x).getStats().functionEvaluations();
                        }),
                evaluations[0] + " evaluations");
        LossEvaluation[] last = new LossEvaluation[1];
        report(
                "gradient, backpropagation through the solver",
                secondsPerCall(
                        () -> {
                            last[0] = backprop.computeGradients(x, 0);
                        }),
                last[0].forwardStats().functionEvaluations() + " evaluations");
        report(
                "gradient, adjoint (forward-mode trace)",
                secondsPerCall(
                        () -> {
                            last[0] = adjoint.computeGradients(x, 0);
                        }),
                last[0].forwardStats().functionEvaluations()
                        + " + "
                        + last[0].backwardStats().functionEvaluations()
                        + " evaluations");
        report(
                "gradient, adjoint (autograd, differenced trace)",
                secondsPerCall(
                        () -> {
                            last[0] = autograd.computeGradients(x, 0);
                        }),
                last[0].forwardStats().functionEvaluations()
                        + " + "
                        + last[0].backwardStats().functionEvaluations()
                        + " evaluations");
    }

    private static void normalWorkloadTraining() {
        System.out.println(
                "\n1-D normal workload training: Adam(0.1) x 100, then L-BFGS (More-Thuente,"
                        + " history 10)");
        for (GradientMode mode : GradientMode.values()) {
            for (int run = 0; run < 3; run++) {
                try (NDManager manager = NDManager.newBaseManager()) {
                    NormalProblem problem = NormalProblem.load();
                    FfjordBlock flow = normalFlow(manager, problem, mode);
                    NDArray x = problem.data(manager, DataType.FLOAT32);
                    TrainingResult result =
                            FlowTrainer.builder()
                                    .build()
                                    .fit(
                                            flow,
                                            x,
                                            List.of(AdamStage.of(0.1, 100), LbfgsStage.of(1000)));
                    StageReport adam = result.stages().get(0);
                    StageReport lbfgs = result.stages().get(1);
                    System.out.printf(
                            Locale.ROOT,
                            "  %-8s run %d: Adam %.3f s (%.1f ms/iteration, %.1f + %.1f"
                                    + " evaluations/iteration), L-BFGS %.3f s (%d iterations,"
                                    + " %d evaluations of the loss, %d + %d solver evaluations),"
                                    + " final loss %.5f (%s)%n",
                            mode,
                            run,
                            adam.seconds(),
                            1000 * adam.seconds() / adam.iterations(),
                            (double) adam.forwardEvaluations() / adam.iterations(),
                            (double) adam.backwardEvaluations() / adam.iterations(),
                            lbfgs.seconds(),
                            lbfgs.iterations(),
                            lbfgs.lossEvaluations(),
                            lbfgs.forwardEvaluations(),
                            lbfgs.backwardEvaluations(),
                            result.finalLoss(),
                            lbfgs.status());
                }
            }
        }
    }

    private static FfjordBlock normalFlow(
            NDManager manager, NormalProblem problem, GradientMode mode) {
        return problem.flow(manager, DataType.FLOAT32, OdeSolver.builder().build(), mode);
    }

    private static FfjordBlock concatSquashFlow(
            Block field, OdeSolver solver, GradientMode mode, TracePath path) {
        return FfjordBlock.builder()
                .setVectorField(field)
                .setDimension(2)
                .optTimeDependent(true)
                .optTimeSpan(0, 0.5)
                .optSolver(solver)
                .optTracePath(path)
                .optGradientMode(mode)
                .build();
    }

    private static NDArray scoped(NDManager scope, NDArray x) {
        NDArray z = x.duplicate();
        z.attach(scope);
        return z;
    }

    private static ai.djl.ndarray.NDList inputs(NDArray z, boolean timeDependent) {
        return timeDependent
                ? new ai.djl.ndarray.NDList(z, time(z, true))
                : new ai.djl.ndarray.NDList(z);
    }

    private static NDArray time(NDArray z, boolean timeDependent) {
        return timeDependent ? z.getManager().create(0.25f) : null;
    }

    /** Returns the median seconds per call over 15 batches, after a warm-up of 2 s. */
    private static double secondsPerCall(Runnable call) {
        long warmUpEnd = System.nanoTime() + 2_000_000_000L;
        int callsPerBatch = 0;
        while (System.nanoTime() < warmUpEnd) {
            call.run();
            callsPerBatch++;
        }
        callsPerBatch = Math.max(1, callsPerBatch / 20);
        double[] seconds = new double[15];
        for (int batch = 0; batch < seconds.length; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < callsPerBatch; i++) {
                call.run();
            }
            seconds[batch] = (System.nanoTime() - start) / 1e9 / callsPerBatch;
        }
        Arrays.sort(seconds);
        return seconds[seconds.length / 2];
    }

    private static void report(String name, double seconds, String detail) {
        System.out.printf(Locale.ROOT, "  %-48s %10.1f us  %s%n", name, seconds * 1e6, detail);
    }
}
