// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.GradientMode;
import org.cnflow.djl.ode.OdeSolver;
import org.cnflow.djl.testing.NormalProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 1-D normal workload: 100 samples of Normal(6, 0.7), field Linear 1→3, tanh, Linear 3→1, tanh
 * on the time span (0, 10), Tsit5 at abstol 1e-6 and reltol 1e-3, exact trace, Adam(0.1) for 100
 * iterations and then L-BFGS to convergence, in float32.
 */
class NormalWorkloadTrainingTest {

    /** The negative log-likelihood of the maximum-likelihood Gaussian on the 100 samples. */
    private static final double GAUSSIAN_NLL = 1.070115;

    private static TrainingResult result;

    @BeforeAll
    static void train() {
        result = trainOnce();
        for (StageReport report : result.stages()) {
            System.out.println(report);
        }
    }

    static TrainingResult trainOnce() {
        NormalProblem problem = NormalProblem.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow =
                    problem.flow(
                            manager,
                            DataType.FLOAT32,
                            OdeSolver.builder().build(),
                            GradientMode.BACKPROP);
            NDArray x = problem.data(manager, DataType.FLOAT32);
            return FlowTrainer.builder()
                    .build()
                    .fit(flow, x, List.of(AdamStage.of(0.1, 100), LbfgsStage.of(1000)));
        }
    }

    @Test
    void finalLossIsNearGaussianBaseline() {
        assertTrue(
                result.finalLoss() <= GAUSSIAN_NLL + 0.02,
                "final loss " + result.finalLoss() + " exceeds " + (GAUSSIAN_NLL + 0.02));
    }

    @Test
    void adamDropsBelowTenWithin25Iterations() {
        List<Double> losses = result.stages().get(0).losses();
        assertTrue(losses.get(0) > 60, "initial loss " + losses.get(0));
        double smallest =
                losses.subList(0, 25).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(smallest < 10, "smallest loss of the first 25 iterations " + smallest);
    }

    @Test
    void trainingIsReproducible() {
        TrainingResult again = trainOnce();
        for (int stage = 0; stage < 2; stage++) {
            assertEquals(
                    result.stages().get(stage).losses(),
                    again.stages().get(stage).losses(),
                    "stage " + stage);
        }
    }

    @Test
    void lbfgsStageReportsConvergenceOrLimit() {
        StageReport lbfgs = result.stages().get(1);
        assertEquals("L-BFGS", lbfgs.optimizer());
        assertTrue(lbfgs.iterations() > 0);
        assertTrue(lbfgs.forwardEvaluations() > 0);
        assertTrue(lbfgs.finalLoss() <= result.stages().get(0).finalLoss());
    }
}
