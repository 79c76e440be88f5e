// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.SplittableRandom;
import org.cnflow.djl.nn.FlowLinear;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.ode.OdeSolver;
import org.junit.jupiter.api.Test;

class FfjordRegularizationTest {

    private static final OdeSolver TIGHT =
            OdeSolver.builder().optRelativeTolerance(1e-10).optAbsoluteTolerance(1e-12).build();

    private static final double[] DIAGONAL = {0.4, -0.7, 0.2};
    private static final double[][] POINTS = {{1.0, -0.5, 2.0}, {0.3, 1.2, -1.1}};
    private static final double END_TIME = 1.2;

    @Test
    void kineticEnergyMatchesClosedForm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = diagonalFlow(manager, 0.5, 0);
            LossEvaluation evaluation = flow.computeLoss(points(manager), 0);

            // z_i(t) = x_i e^{a_i t}, so ∫ Σ (a_i z_i)² dt = Σ a_i x_i² (e^{2 a_i T} − 1) / 2.
            double expected = 0;
            for (double[] x : POINTS) {
                for (int i = 0; i < 3; i++) {
                    double a = DIAGONAL[i];
                    expected += a * x[i] * x[i] * (Math.exp(2 * a * END_TIME) - 1) / 2;
                }
            }
            expected /= POINTS.length;
            assertEquals(expected, evaluation.kineticEnergy(), 1e-9);
            assertEquals(
                    evaluation.negativeLogLikelihood() + 0.5 * expected, evaluation.loss(), 1e-9);
        }
    }

    @Test
    void jacobianTermMatchesFrobeniusNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = diagonalFlow(manager, 0, 2.0);
            LossEvaluation evaluation = flow.computeLoss(points(manager), 0);
            double frobenius = 0;
            for (double a : DIAGONAL) {
                frobenius += a * a;
            }
            assertEquals(END_TIME * frobenius, evaluation.jacobianNorm(), 1e-9);
            assertEquals(0.0, evaluation.kineticEnergy());
        }
    }

    @Test
    void regularizedGradientsAgreeBetweenModes() {
        double[][] gradients = new double[2][];
        double[] losses = new double[2];
        GradientMode[] modes = {GradientMode.BACKPROP, GradientMode.ADJOINT};
        for (int m = 0; m < 2; m++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block field = FlowMlp.builder().setInputSize(2).optHiddenSizes(8).build();
                FfjordBlock flow =
                        FfjordBlock.builder()
                                .setVectorField(field)
                                .setDimension(2)
                                .optSolver(TIGHT)
                                .optGradientMode(modes[m])
                                .optTraceMethod(TraceMethod.HUTCHINSON)
                                .optKineticWeight(0.1)
                                .optJacobianWeight(0.05)
                                .build();
                flow.initialize(manager, DataType.FLOAT64, new Shape(10, 2));
                FfjordBlockBehaviourTest.randomize(field, new SplittableRandom(21), 0.8);
                double[] values = new double[20];
                SplittableRandom random = new SplittableRandom(6);
                for (int i = 0; i < values.length; i++) {
                    values[i] = 2 * random.nextDouble() - 1;
                }
                LossEvaluation evaluation =
                        flow.computeGradients(manager.create(values, new Shape(10, 2)), 99);
                assertTrue(evaluation.kineticEnergy() > 0);
                assertTrue(evaluation.jacobianNorm() > 0);
                losses[m] = evaluation.loss();
                gradients[m] = FfjordGradientTest.gradient(field);
            }
        }
        assertEquals(losses[0], losses[1], 1e-12);
        double error = FfjordGradientTest.relativeError(gradients[0], gradients[1]);
        assertTrue(error < 1e-7, "relative difference between modes " + error);
    }

    @Test
    void jacobianTermNeedsForwardMode() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                FfjordBlock.builder()
                                        .setVectorField(new TimeScaledLinearBlock(2))
                                        .setDimension(2)
                                        .optTimeDependent(true)
                                        .optJacobianWeight(0.1)
                                        .build());
        assertTrue(error.getMessage().contains("Jacobian"), error.getMessage());
    }

    @Test
    void backpropNeedsForwardMode() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                FfjordBlock.builder()
                                        .setVectorField(new TimeScaledLinearBlock(2))
                                        .setDimension(2)
                                        .optTimeDependent(true)
                                        .optGradientMode(GradientMode.BACKPROP)
                                        .build());
        assertTrue(error.getMessage().contains("ADJOINT"), error.getMessage());
    }

    private static FfjordBlock diagonalFlow(NDManager manager, double kinetic, double jacobian) {
        FlowLinear field = FlowLinear.builder().setUnits(3).optBias(false).build();
        FfjordBlock flow =
                FfjordBlock.builder()
                        .setVectorField(field)
                        .setDimension(3)
                        .optTimeSpan(0, END_TIME)
                        .optSolver(TIGHT)
                        .optKineticWeight(kinetic)
                        .optJacobianWeight(jacobian)
                        .build();
        flow.initialize(manager, DataType.FLOAT64, new Shape(2, 3));
        double[] matrix = new double[9];
        for (int i = 0; i < 3; i++) {
            matrix[4 * i] = DIAGONAL[i];
        }
        FfjordGradientTest.setAll(field, matrix);
        return flow;
    }

    private static NDArray points(NDManager manager) {
        return manager.create(FfjordAutogradPathTest.flatten(POINTS), new Shape(2, 3));
    }
}
