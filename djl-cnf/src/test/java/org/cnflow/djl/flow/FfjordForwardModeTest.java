// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Random;
import java.util.SplittableRandom;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.FlowLinear;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.ode.OdeSolver;
import org.cnflow.djl.testing.NormalProblem;
import org.junit.jupiter.api.Test;

class FfjordForwardModeTest {

    private static final OdeSolver TIGHT =
            OdeSolver.builder().optRelativeTolerance(1e-10).optAbsoluteTolerance(1e-12).build();

    @Test
    void linearFieldMatchesClosedFormOnBothPaths() {
        for (TracePath path : new TracePath[] {TracePath.FORWARD_MODE, TracePath.AUTOGRAD}) {
            for (int d : new int[] {1, 2, 5}) {
                Random random = new Random(23 + d);
                double[][] a = FfjordAutogradPathTest.randomMatrix(random, d, 0.5);
                double t1 = 1.5;
                try (NDManager manager = NDManager.newBaseManager()) {
                    FlowLinear field = FlowLinear.builder().setUnits(d).optBias(false).build();
                    FfjordBlock flow =
                            FfjordBlock.builder()
                                    .setVectorField(field)
                                    .setDimension(d)
                                    .optTimeSpan(0, t1)
                                    .optSolver(TIGHT)
                                    .optTracePath(path)
                                    .build();
                    flow.initialize(manager, DataType.FLOAT64, new Shape(4, d));
                    FfjordGradientTest.setAll(field, FfjordAutogradPathTest.flatten(a));
                    double[][] x = FfjordAutogradPathTest.randomPoints(random, 4, d);
                    NDArray input =
                            manager.create(FfjordAutogradPathTest.flatten(x), new Shape(4, d));
                    double[] logDensity = flow.logDensity(input).getLogDensity().toDoubleArray();

                    double[][] exponent = LinearAlgebra.expm(FfjordAutogradPathTest.scaled(a, t1));
                    for (int i = 0; i < 4; i++) {
                        double[] z = LinearAlgebra.apply(exponent, x[i]);
                        double expected =
                                LinearAlgebra.standardNormalLogDensity(z)
                                        + t1 * LinearAlgebra.trace(a);
                        assertEquals(
                                expected, logDensity[i], 1e-6, path + ", d = " + d + ", row " + i);
                    }
                }
            }
        }
    }

    @Test
    void tracePathsAgreeOnTanhMlp() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] results = new double[2][];
            TracePath[] paths = {TracePath.FORWARD_MODE, TracePath.AUTOGRAD};
            for (int p = 0; p < 2; p++) {
                Block field =
                        FlowMlp.builder()
                                .setInputSize(3)
                                .optHiddenSizes(8, 8)
                                .optActivation(Tanh::new)
                                .build();
                FfjordBlock flow =
                        FfjordBlock.builder()
                                .setVectorField(field)
                                .setDimension(3)
                                .optSolver(TIGHT)
                                .optTracePath(paths[p])
                                .build();
                flow.initialize(manager, DataType.FLOAT64, new Shape(10, 3));
                FfjordBlockBehaviourTest.randomize(field, new SplittableRandom(8), 0.7);
                double[] points = new double[30];
                SplittableRandom random = new SplittableRandom(12);
                for (int i = 0; i < points.length; i++) {
                    points[i] = 2 * random.nextDouble() - 1;
                }
                NDArray x = manager.create(points, new Shape(10, 3));
                results[p] = flow.logDensity(x).getLogDensity().toDoubleArray();
            }
            assertArrayEquals(results[0], results[1], 1e-8);
        }
    }

    @Test
    void flowMlpReproducesReferenceLoss() {
        NormalProblem problem = NormalProblem.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow =
                    problem.flow(manager, DataType.FLOAT64, TIGHT, GradientMode.BACKPROP);
            NDArray x = manager.create(problem.samples, new Shape(100, 1));
            double loss = -flow.logDensity(x).getLogDensity().mean().getDouble();
            assertEquals(TracePath.FORWARD_MODE, flow.getTracePath());
            assertEquals(64.884930, loss, 1e-6 * 64.884930);
        }
    }

    @Test
    void densityIntegratesToOneIn1d() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = randomFlow(manager, 1);
            int points = 4001;
            double spacing = 16.0 / (points - 1);
            double[] grid = new double[points];
            for (int i = 0; i < points; i++) {
                grid[i] = -8 + i * spacing;
            }
            double[] logDensity =
                    flow.logDensity(manager.create(grid, new Shape(points, 1)))
                            .getLogDensity()
                            .toDoubleArray();
            double integral = 0;
            for (int i = 0; i < points; i++) {
                double weight = i == 0 || i == points - 1 ? 0.5 : 1;
                integral += weight * Math.exp(logDensity[i]) * spacing;
            }
            assertEquals(1.0, integral, 0.01);
        }
    }

    @Test
    void densityIntegratesToOneIn2d() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = randomFlow(manager, 2);
            int side = 401;
            double spacing = 16.0 / (side - 1);
            double[] grid = new double[side * side * 2];
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    grid[2 * (i * side + j)] = -8 + i * spacing;
                    grid[2 * (i * side + j) + 1] = -8 + j * spacing;
                }
            }
            double[] logDensity =
                    flow.logDensity(manager.create(grid, new Shape(side * side, 2)))
                            .getLogDensity()
                            .toDoubleArray();
            double integral = 0;
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    double weight =
                            (i == 0 || i == side - 1 ? 0.5 : 1)
                                    * (j == 0 || j == side - 1 ? 0.5 : 1);
                    integral += weight * Math.exp(logDensity[i * side + j]) * spacing * spacing;
                }
            }
            assertEquals(1.0, integral, 0.01);
        }
    }

    @Test
    void roundTripRecoversPoints() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow =
                    FfjordBlock.builder()
                            .setVectorField(
                                    FlowMlp.builder()
                                            .setInputSize(2)
                                            .optHiddenSizes(16)
                                            .optTimeDependent(true)
                                            .build())
                            .setDimension(2)
                            .optTimeDependent(true)
                            .optSolver(OdeSolver.builder().optTolerance(1e-8).build())
                            .build();
            flow.initialize(manager, DataType.FLOAT64, new Shape(5, 2));
            NDArray x =
                    manager.create(
                            new double[] {0.3, -1.2, 2.0, 0.5, -0.7, 0.1, 1.1, 1.4, -2.2, 0.0},
                            new Shape(5, 2));
            NDArray back = flow.inverse(flow.logDensity(x).getLatent());
            assertArrayEquals(x.toDoubleArray(), back.toDoubleArray(), 1e-5);
        }
    }

    @Test
    void standardizationShiftsDensityByLogDeterminant() {
        // The scales' product is not 1, so a missing log-determinant changes the density.
        double[] mean = {5.0, -2.0};
        double[] scale = {2.0, 0.25};
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLinear field = FlowLinear.builder().setUnits(2).optBias(false).build();
            FfjordBlock flow =
                    FfjordBlock.builder()
                            .setVectorField(field)
                            .setDimension(2)
                            .optStandardization(new AffineStandardization(mean, scale))
                            .build();
            flow.initialize(manager, DataType.FLOAT64, new Shape(3, 2));
            // A zero field makes the flow the identity, so log p(x) is the standardized normal's.
            FfjordGradientTest.setAll(field, new double[4]);
            double[][] x = {{5.0, -2.0}, {7.0, -1.5}, {3.5, -3.0}};
            double[] logDensity =
                    flow.logDensity(
                                    manager.create(
                                            FfjordAutogradPathTest.flatten(x), new Shape(3, 2)))
                            .getLogDensity()
                            .toDoubleArray();
            for (int i = 0; i < 3; i++) {
                double[] u = {(x[i][0] - mean[0]) / scale[0], (x[i][1] - mean[1]) / scale[1]};
                double expected =
                        LinearAlgebra.standardNormalLogDensity(u)
                                - Math.log(scale[0])
                                - Math.log(scale[1]);
                assertEquals(expected, logDensity[i], 1e-12, "row " + i);
            }
            double[] samples = flow.sample(manager, 20_000, 3).mean(new int[] {0}).toDoubleArray();
            assertEquals(mean[0], samples[0], 0.05);
            assertEquals(mean[1], samples[1], 0.02);
        }
    }

    /** Builds a time-dependent concat-squash flow with small weights on the time span (0, 1). */
    static FfjordBlock randomFlow(NDManager manager, int dimension) {
        Block field =
                FlowMlp.builder()
                        .setInputSize(dimension)
                        .optHiddenSizes(16, 16)
                        .optTimeDependent(true)
                        .build();
        FfjordBlock flow =
                FfjordBlock.builder()
                        .setVectorField(field)
                        .setDimension(dimension)
                        .optTimeDependent(true)
                        .build();
        flow.initialize(manager, DataType.FLOAT64, new Shape(1, dimension));
        FfjordBlockBehaviourTest.randomize(field, new SplittableRandom(31), 0.3);
        return flow;
    }
}
