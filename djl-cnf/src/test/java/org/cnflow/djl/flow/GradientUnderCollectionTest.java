// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cnflow.djl.nn.FlowMlp;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on when the JVM collects garbage. Arrays created from Java buffers
 * share memory with them, and a recorded graph that kept such an array after its buffer was
 * collected would read freed memory.
 */
class GradientUnderCollectionTest {

    @Test
    void backpropGradientsRepeatWhileCollecting() {
        checkRepeatable(GradientMode.BACKPROP);
    }

    @Test
    void adjointGradientsRepeatWhileCollecting() {
        checkRepeatable(GradientMode.ADJOINT);
    }

    private static void checkRepeatable(GradientMode mode) {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector =
                new Thread(
                        () -> {
                            while (running.get()) {
                                System.gc();
                            }
                        });
        collector.setDaemon(true);
        collector.start();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block field =
                    FlowMlp.builder()
                            .setInputSize(2)
                            .optHiddenSizes(16)
                            .optTimeDependent(true)
                            .build();
            FfjordBlock flow =
                    FfjordBlock.builder()
                            .setVectorField(field)
                            .setDimension(2)
                            .optTimeDependent(true)
                            .optTraceMethod(TraceMethod.HUTCHINSON)
                            .optKineticWeight(0.01)
                            .optGradientMode(mode)
                            .build();
            flow.initialize(manager, DataType.FLOAT32, new Shape(50, 2));
            float[] points = new float[100];
            SplittableRandom random = new SplittableRandom(2);
            for (int i = 0; i < points.length; i++) {
                points[i] = (float) (4 * random.nextDouble() - 2);
            }
            NDArray x = manager.create(points, new Shape(50, 2));
            flow.computeGradients(x, 1);
            double[] first = FfjordGradientTest.gradient(field);
            for (int repeat = 0; repeat < 5; repeat++) {
                flow.computeGradients(x, 1);
                assertArrayEquals(
                        first, FfjordGradientTest.gradient(field), 0.0, "repeat " + repeat);
            }
        } finally {
            running.set(false);
        }
    }
}
