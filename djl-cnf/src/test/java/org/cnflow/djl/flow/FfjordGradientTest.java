// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.ode.OdeSolver;
import org.cnflow.djl.testing.NormalProblem;
import org.junit.jupiter.api.Test;

class FfjordGradientTest {

    private static final OdeSolver TIGHT =
            OdeSolver.builder().optRelativeTolerance(1e-10).optAbsoluteTolerance(1e-12).build();

    @Test
    void backpropMatchesReferenceGradient() {
        checkReferenceGradient(GradientMode.BACKPROP);
    }

    @Test
    void adjointMatchesReferenceGradient() {
        checkReferenceGradient(GradientMode.ADJOINT);
    }

    private static void checkReferenceGradient(GradientMode mode) {
        NormalProblem problem = NormalProblem.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = problem.flow(manager, DataType.FLOAT64, TIGHT, mode);
            Block field = flow.getVectorField();
            NDArray x = manager.create(problem.samples, new Shape(100, 1));

            LossEvaluation evaluation = flow.computeGradients(x, 0);
            double[] gradient = gradient(field);
            System.out.println(
                    mode
                            + " loss "
                            + evaluation.loss()
                            + " "
                            + evaluation.forwardStats()
                            + " / "
                            + evaluation.backwardStats());
            assertEquals(problem.loss, evaluation.loss(), 1e-6 * problem.loss);
            double error = relativeError(problem.gradient, gradient);
            assertTrue(error < 1e-6, mode + " relative gradient error " + error);
        }
    }

    @Test
    void backpropMatchesFiniteDifferences() {
        checkFiniteDifferences(GradientMode.BACKPROP, false, 1e-5);
    }

    @Test
    void adjointMatchesFiniteDifferences() {
        checkFiniteDifferences(GradientMode.ADJOINT, false, 1e-5);
    }

    /**
     * The adjoint for a block without forward-mode tangents differentiates the trace by central
     * differences of vector–Jacobian products with step {@code ε^(1/3) ≈ 6e-6}; in float64 its
     * truncation and rounding errors are both near {@code 4e-11}, and this test measures about
     * {@code 1e-9} against finite differences of the loss, limited by the solver's tolerance.
     */
    @Test
    void arbitraryBlockAdjointMatchesFiniteDifferences() {
        checkFiniteDifferences(GradientMode.ADJOINT, true, 1e-5);
    }

    /** Compares a mode's gradient with central differences of the loss on a 2 → 8 → 2 tanh MLP. */
    private static void checkFiniteDifferences(GradientMode mode, boolean djlBlocks, double bound) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block field =
                    djlBlocks
                            ? new ai.djl.nn.SequentialBlock()
                                    .add(ai.djl.nn.core.Linear.builder().setUnits(8).build())
                                    .add(ai.djl.nn.Activation.tanhBlock())
                                    .add(ai.djl.nn.core.Linear.builder().setUnits(2).build())
                                    .add(ai.djl.nn.Activation.tanhBlock())
                            : FlowMlp.builder()
                                    .setInputSize(2)
                                    .optHiddenSizes(8)
                                    .optActivation(Tanh::new)
                                    .optFinalActivation(Tanh::new)
                                    .build();
            FfjordBlock flow =
                    FfjordBlock.builder()
                            .setVectorField(field)
                            .setDimension(2)
                            .optSolver(TIGHT)
                            .optGradientMode(mode)
                            .build();
            flow.initialize(manager, DataType.FLOAT64, new Shape(20, 2));
            FfjordBlockBehaviourTest.randomize(field, new java.util.SplittableRandom(17), 0.8);
            double[] points = new double[40];
            java.util.SplittableRandom random = new java.util.SplittableRandom(4);
            for (int i = 0; i < points.length; i++) {
                points[i] = 3 * random.nextDouble() - 1.5;
            }
            NDArray x = manager.create(points, new Shape(20, 2));

            flow.computeGradients(x, 0);
            double[] gradient = gradient(field);
            double[] differences = new double[gradient.length];
            double step = 1e-4;
            int index = 0;
            for (Parameter parameter : field.getParameters().values()) {
                NDArray array = parameter.getArray();
                double[] values = array.toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    double original = values[i];
                    values[i] = original + step;
                    array.set(DoubleBuffer.wrap(values));
                    double plus = flow.computeLoss(x, 0).loss();
                    values[i] = original - step;
                    array.set(DoubleBuffer.wrap(values));
                    double minus = flow.computeLoss(x, 0).loss();
                    values[i] = original;
                    array.set(DoubleBuffer.wrap(values));
                    differences[index++] = (plus - minus) / (2 * step);
                }
            }
            for (int i = 0; i < gradient.length; i++) {
                assertTrue(gradient[i] != 0, "gradient entry " + i + " is zero");
            }
            double error = relativeError(differences, gradient);
            System.out.println(
                    (djlBlocks ? "DJL blocks, " : "FlowLayer field, ")
                            + mode
                            + ": relative error against finite differences "
                            + error);
            assertTrue(error < bound, mode + " relative error " + error);
        }
    }

    static void setAll(Block block, double[]... values) {
        int i = 0;
        for (Parameter parameter : block.getParameters().values()) {
            parameter.getArray().set(DoubleBuffer.wrap(values[i++]));
        }
    }

    static double[] gradient(Block block) {
        List<Double> values = new ArrayList<>();
        for (Parameter parameter : block.getParameters().values()) {
            for (double value :
                    parameter
                            .getArray()
                            .getGradient()
                            .toType(DataType.FLOAT64, false)
                            .toDoubleArray()) {
                values.add(value);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double relativeError(double[] expected, double[] actual) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(difference / norm);
    }
}
