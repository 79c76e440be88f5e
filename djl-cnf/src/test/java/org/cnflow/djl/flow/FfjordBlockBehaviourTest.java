// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cnflow.djl.ode.OdeSolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FfjordBlockBehaviourTest {

    private static NDManager manager;
    private static FfjordBlock flow;

    @BeforeAll
    static void createFlow() {
        manager = NDManager.newBaseManager();
        flow = smallFlow(manager, 2, OdeSolver.builder().optTolerance(1e-8).build());
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    /** Builds a flow on a DJL-block field 2 → 8 → 2 with tanh, scaled so points move little. */
    static FfjordBlock smallFlow(NDManager manager, int dimension, OdeSolver solver) {
        SequentialBlock field =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(Activation.tanhBlock())
                        .add(Linear.builder().setUnits(dimension).build());
        FfjordBlock block =
                FfjordBlock.builder()
                        .setVectorField(field)
                        .setDimension(dimension)
                        .optSolver(solver)
                        .build();
        block.initialize(manager, DataType.FLOAT64, new Shape(1, dimension));
        randomize(field, new SplittableRandom(5), 0.4);
        return block;
    }

    static void randomize(Block block, SplittableRandom random, double scale) {
        for (Parameter parameter : block.getParameters().values()) {
            NDArray array = parameter.getArray();
            double[] values = new double[Math.toIntExact(array.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = scale * (2 * random.nextDouble() - 1);
            }
            array.set(DoubleBuffer.wrap(values));
        }
    }

    @Test
    void roundTripRecoversPoints() {
        NDArray x = manager.create(new double[] {0.3, -1.2, 2.0, 0.5, -0.7, 0.1}, new Shape(3, 2));
        NDArray z = flow.logDensity(x).getLatent();
        NDArray back = flow.inverse(z);
        assertArrayEquals(x.toDoubleArray(), back.toDoubleArray(), 1e-5);
    }

    @Test
    void sampleIsReproducibleAndLeavesBlockUnchanged() {
        NDArray x = manager.create(new double[] {0.3, -1.2, 2.0, 0.5}, new Shape(2, 2));
        double[] before = flow.logDensity(x).getLogDensity().toDoubleArray();
        double[] first = flow.sample(manager, 50, 42).toDoubleArray();
        double[] second = flow.sample(manager, 50, 42).toDoubleArray();
        double[] other = flow.sample(manager, 50, 43).toDoubleArray();
        double[] after = flow.logDensity(x).getLogDensity().toDoubleArray();
        assertArrayEquals(first, second, 0.0);
        assertTrue(first[0] != other[0], "another seed gives other samples");
        assertArrayEquals(before, after, 0.0);
    }

    @Test
    void singleColumnDataWorks() {
        try (NDManager local = NDManager.newBaseManager()) {
            FfjordBlock flow1 = smallFlow(local, 1, OdeSolver.builder().build());
            NDArray x = local.create(new double[] {0.1, 0.2, -0.3}, new Shape(3, 1));
            assertEquals(3, flow1.logDensity(x).getLogDensity().size());
            NDArray flat = local.create(new double[] {0.1, 0.2, -0.3});
            IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> flow1.logDensity(flat));
            assertTrue(error.getMessage().contains("(3)"), error.getMessage());
        }
    }

    @Test
    void emptyBatchIsRejected() {
        NDArray empty = manager.zeros(new Shape(0, 2), DataType.FLOAT64);
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> flow.logDensity(empty));
        assertTrue(error.getMessage().contains("empty"), error.getMessage());
    }

    @Test
    void wrongDimensionIsRejected() {
        NDArray x = manager.zeros(new Shape(4, 3), DataType.FLOAT64);
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> flow.logDensity(x));
        assertTrue(error.getMessage().contains("(4, 3)"), error.getMessage());
    }

    @Test
    void nanIsRejectedNamingRow() {
        NDArray x =
                manager.create(new double[] {0.1, 0.2, 0.3, Double.NaN, 0.5, 0.6}, new Shape(3, 2));
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> flow.logDensity(x));
        assertTrue(error.getMessage().contains("Row 1"), error.getMessage());
        assertTrue(error.getMessage().contains("NaN"), error.getMessage());
    }

    @Test
    void wrongDataTypeIsRejected() {
        NDArray x = manager.zeros(new Shape(4, 2), DataType.FLOAT32);
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> flow.logDensity(x));
        assertTrue(error.getMessage().contains("float32"), error.getMessage());
    }

    @Test
    void twoThreadsComputeIdenticalDensities() throws Exception {
        double[] points = new double[200];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < points.length; i++) {
            points[i] = random.nextDouble() * 4 - 2;
        }
        Callable<double[]> task =
                () -> {
                    try (NDManager local = NDManager.newBaseManager()) {
                        double[] last = null;
                        for (int repeat = 0; repeat < 20; repeat++) {
                            NDArray x = local.create(points, new Shape(100, 2));
                            last = flow.logDensity(x).getLogDensity().toDoubleArray();
                        }
                        return last;
                    }
                };
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> results = executor.invokeAll(List.of(task, task));
            double[] single;
            try (NDManager local = NDManager.newBaseManager()) {
                single =
                        flow.logDensity(local.create(points, new Shape(100, 2)))
                                .getLogDensity()
                                .toDoubleArray();
            }
            assertArrayEquals(single, results.get(0).get(), 0.0);
            assertArrayEquals(single, results.get(1).get(), 0.0);
        } finally {
            executor.shutdownNow();
        }
    }
}
