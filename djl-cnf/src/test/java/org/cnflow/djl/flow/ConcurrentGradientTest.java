// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cnflow.djl.nn.FlowMlp;
import org.junit.jupiter.api.Test;

class ConcurrentGradientTest {

    /** Computes 10 gradients of a fresh flow, each from the same parameters and data. */
    private static double[] gradients(GradientMode mode) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block field = FlowMlp.builder().setInputSize(2).optHiddenSizes(8).build();
            FfjordBlock flow =
                    FfjordBlock.builder()
                            .setVectorField(field)
                            .setDimension(2)
                            .optGradientMode(mode)
                            .build();
            flow.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
            FfjordBlockBehaviourTest.randomize(field, new SplittableRandom(1), 0.5);
            double[] points = new double[60];
            SplittableRandom random = new SplittableRandom(2);
            for (int i = 0; i < points.length; i++) {
                points[i] = 2 * random.nextDouble() - 1;
            }
            NDArray x = manager.create(points, new Shape(30, 2));
            double[] last = null;
            for (int i = 0; i < 10; i++) {
                flow.computeGradients(x, 0);
                last = FfjordGradientTest.gradient(field);
            }
            return last;
        }
    }

    @Test
    void twoThreadsComputeGradientsAtOnce() throws Exception {
        for (GradientMode mode : GradientMode.values()) {
            double[] single = gradients(mode);
            Callable<double[]> task = () -> gradients(mode);
            ExecutorService executor = Executors.newFixedThreadPool(2);
            try {
                List<Future<double[]>> results = executor.invokeAll(List.of(task, task));
                assertArrayEquals(single, results.get(0).get(), 0.0, mode + ", thread 1");
                assertArrayEquals(single, results.get(1).get(), 0.0, mode + ", thread 2");
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
