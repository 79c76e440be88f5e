// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.DoubleBuffer;
import java.util.Random;
import org.cnflow.djl.ode.OdeSolver;
import org.cnflow.djl.testing.NormalProblem;
import org.junit.jupiter.api.Test;

class FfjordAutogradPathTest {

    @Test
    void timeDependentUserBlockMatchesClosedForm() {
        for (int d : new int[] {1, 2, 5}) {
            Random random = new Random(11 + d);
            double[][] a = randomMatrix(random, d, 0.5);
            double t0 = 0.2;
            double t1 = 1.3;
            try (NDManager manager = NDManager.newBaseManager()) {
                TimeScaledLinearBlock field = new TimeScaledLinearBlock(d);
                FfjordBlock flow =
                        FfjordBlock.builder()
                                .setVectorField(field)
                                .setDimension(d)
                                .optTimeDependent(true)
                                .optTimeSpan(t0, t1)
                                .optSolver(
                                        OdeSolver.builder()
                                                .optRelativeTolerance(1e-10)
                                                .optAbsoluteTolerance(1e-12)
                                                .build())
                                .build();
                flow.initialize(manager, DataType.FLOAT64, new Shape(4, d));
                field.setMatrix(manager, a);
                double[][] x = randomPoints(random, 4, d);
                NDArray input = manager.create(flatten(x), new Shape(4, d));
                double[] logDensity = flow.logDensity(input).getLogDensity().toDoubleArray();

                double scale = (t1 * t1 - t0 * t0) / 2;
                double[][] exponent = LinearAlgebra.expm(scaled(a, scale));
                for (int i = 0; i < 4; i++) {
                    double[] z = LinearAlgebra.apply(exponent, x[i]);
                    double expected =
                            LinearAlgebra.standardNormalLogDensity(z)
                                    + scale * LinearAlgebra.trace(a);
                    assertEquals(expected, logDensity[i], 1e-6, "d = " + d + ", row " + i);
                }
            }
        }
    }

    @Test
    void djlBlocksReproduceReferenceLoss() {
        NormalProblem problem = NormalProblem.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear hidden = Linear.builder().setUnits(3).build();
            Linear output = Linear.builder().setUnits(1).build();
            SequentialBlock field =
                    new SequentialBlock()
                            .add(hidden)
                            .add(Activation.tanhBlock())
                            .add(output)
                            .add(Activation.tanhBlock());
            FfjordBlock flow =
                    FfjordBlock.builder()
                            .setVectorField(field)
                            .setDimension(1)
                            .optTimeSpan(0, 10)
                            .optSolver(
                                    OdeSolver.builder()
                                            .optRelativeTolerance(1e-10)
                                            .optAbsoluteTolerance(1e-12)
                                            .build())
                            .build();
            flow.initialize(manager, DataType.FLOAT64, new Shape(100, 1));
            setValues(hidden.getParameters().get("weight"), problem.w1);
            setValues(hidden.getParameters().get("bias"), problem.b1);
            setValues(output.getParameters().get("weight"), problem.w2);
            setValues(output.getParameters().get("bias"), problem.b2);

            NDArray x = manager.create(problem.samples, new Shape(100, 1));
            double loss = -flow.logDensity(x).getLogDensity().mean().getDouble();
            assertEquals(problem.loss, loss, 1e-6 * problem.loss);
        }
    }

    static void setValues(Parameter parameter, double[] values) {
        parameter.getArray().set(DoubleBuffer.wrap(values));
    }

    static double[][] randomMatrix(Random random, int d, double scale) {
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = scale * random.nextGaussian();
            }
        }
        return a;
    }

    static double[][] randomPoints(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextGaussian();
            }
        }
        return x;
    }

    static double[] flatten(double[][] x) {
        double[] flat = new double[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        }
        return flat;
    }

    static double[][] scaled(double[][] a, double factor) {
        double[][] scaled = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                scaled[i][j] = a[i][j] * factor;
            }
        }
        return scaled;
    }
}
