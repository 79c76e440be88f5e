// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.ode.OdeSolver;
import org.junit.jupiter.api.Test;

class FlowTrainerBehaviourTest {

    /** Builds a small 2-D flow with fixed weights for the correlated Gaussian data. */
    private static FfjordBlock flow(NDManager manager, OdeSolver solver) {
        Block field = FlowMlp.builder().setInputSize(2).optHiddenSizes(8).build();
        FfjordBlock flow =
                FfjordBlock.builder()
                        .setVectorField(field)
                        .setDimension(2)
                        .optSolver(solver)
                        .build();
        flow.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
        SplittableRandom random = new SplittableRandom(4);
        for (ai.djl.nn.Parameter parameter : field.getParameters().values()) {
            double[] values = new double[Math.toIntExact(parameter.getArray().size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = 0.3 * (2 * random.nextDouble() - 1);
            }
            parameter.getArray().set(java.nio.DoubleBuffer.wrap(values));
        }
        return flow;
    }

    private static NDArray data(NDManager manager) {
        SplittableRandom random = new SplittableRandom(9);
        double[] values = new double[400];
        for (int i = 0; i < 200; i++) {
            double u = gaussian(random);
            double v = gaussian(random);
            values[2 * i] = 1.5 * u;
            values[2 * i + 1] = 0.8 * u + 0.4 * v;
        }
        return manager.create(values, new Shape(200, 2));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void minibatchAdamLowersFullDataLossReproducibly() {
        double[][] losses = new double[2][];
        double[] finals = new double[2];
        for (int run = 0; run < 2; run++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                FfjordBlock flow = flow(manager, OdeSolver.builder().build());
                NDArray x = data(manager);
                double initial = flow.computeLoss(x, 0).loss();
                AdamStage stage = new AdamStage(0.05, 0.9, 0.999, 1e-8, 0, 30, 50, 7);
                TrainingResult result = FlowTrainer.builder().build().fit(flow, x, List.of(stage));
                StageReport report = result.stages().get(0);
                assertEquals(StageStatus.ITERATION_LIMIT, report.status());
                assertEquals(30, report.iterations());
                assertEquals(31, report.lossEvaluations(), "30 minibatches and one full pass");
                assertTrue(report.finalLoss() < initial, report.finalLoss() + " vs " + initial);
                assertEquals(flow.computeLoss(x, 0).loss(), report.finalLoss(), 1e-12);
                losses[run] = report.losses().stream().mapToDouble(Double::doubleValue).toArray();
                finals[run] = report.finalLoss();
            }
        }
        assertArrayEquals(losses[0], losses[1], 0.0);
        assertEquals(finals[0], finals[1], 0.0);
    }

    @Test
    void failedSolveRestoresBestParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A step limit this small lets the first iterations through; once Adam's large steps
            // stiffen the field, a solve fails and the stage must end on its best parameters.
            FfjordBlock flow = flow(manager, OdeSolver.builder().optMaxSteps(12).build());
            NDArray x = data(manager);
            AdamStage stage = new AdamStage(5.0, 0.9, 0.999, 1e-8, 0, 200, 0, 0);
            List<Double> seen = new ArrayList<>();
            TrainingResult result =
                    FlowTrainer.builder()
                            .optListener(progress -> seen.add(progress.loss()))
                            .build()
                            .fit(flow, x, List.of(stage));
            StageReport report = result.stages().get(0);
            assertTrue(
                    report.status() == StageStatus.SOLVER_FAILED
                            || report.status() == StageStatus.NON_FINITE,
                    "status " + report.status());
            double best = seen.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            assertEquals(best, report.finalLoss(), 0.0);
            assertEquals(best, flow.computeLoss(x, 0).loss(), 1e-12);
        }
    }

    @Test
    void listenerStopsStage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = flow(manager, OdeSolver.builder().build());
            TrainingResult result =
                    FlowTrainer.builder()
                            .optListener(progress -> progress.iteration() < 3)
                            .build()
                            .fit(flow, data(manager), List.of(AdamStage.of(0.01, 50)));
            assertEquals(StageStatus.STOPPED_BY_LISTENER, result.stages().get(0).status());
            assertEquals(3, result.stages().get(0).iterations());
        }
    }

    @Test
    void lbfgsStageLowersLossAndReports() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = flow(manager, OdeSolver.builder().optTolerance(1e-8).build());
            NDArray x = data(manager);
            LbfgsStage stage =
                    new LbfgsStage(5, LbfgsStage.LineSearchKind.HAGER_ZHANG, 15, 1e-6, 0, false, 0);
            StageReport report =
                    FlowTrainer.builder().build().fit(flow, x, List.of(stage)).stages().get(0);
            assertTrue(report.finalLoss() < report.initialLoss());
            assertTrue(report.gradientEvaluations() >= report.iterations());
            assertTrue(report.toString().contains("L-BFGS"), report.toString());
            assertEquals(flow.computeLoss(x, 0).loss(), report.finalLoss(), 1e-9);
        }
    }

    @Test
    void invalidStageSettingsNameTheValue() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AdamStage.of(-0.1, 10));
        assertTrue(error.getMessage().contains("learningRate -0.1"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> LbfgsStage.of(0));
        assertTrue(error.getMessage().contains("maxIterations"), error.getMessage());
    }
}
