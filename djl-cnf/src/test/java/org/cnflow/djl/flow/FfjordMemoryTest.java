// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.ode.OdeSolver;
import org.junit.jupiter.api.Test;

class FfjordMemoryTest {

    @Test
    void autogradPathDoesNotLeak() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow =
                    FfjordBlockBehaviourTest.smallFlow(manager, 2, OdeSolver.builder().build());
            checkNoLeak(manager, flow);
        }
    }

    @Test
    void backpropGradientsDoNotLeak() {
        checkGradientsDoNotLeak(GradientMode.BACKPROP);
    }

    @Test
    void adjointGradientsDoNotLeak() {
        checkGradientsDoNotLeak(GradientMode.ADJOINT);
    }

    private static void checkGradientsDoNotLeak(GradientMode mode) {
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
                            .optGradientMode(mode)
                            .build();
            flow.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
            checkNoLeak(manager, flow, x -> flow.computeGradients(x, 0));
        }
    }

    static void checkNoLeak(NDManager manager, FfjordBlock flow) {
        checkNoLeak(manager, flow, x -> flow.logDensity(x).close());
    }

    static void checkNoLeak(NDManager manager, FfjordBlock flow, Consumer<NDArray> pass) {
        double[] points = new double[200];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < points.length; i++) {
            points[i] = 2 * random.nextDouble() - 1;
        }
        NDArray x = manager.create(points, new Shape(100, flow.getDimension()));
        for (int i = 0; i < 50; i++) {
            pass.accept(x);
        }
        System.gc();
        int arraysBefore = manager.getManagedArrays().size();
        double residentBefore = ResidentMemory.megabytes();
        for (int i = 0; i < 500; i++) {
            pass.accept(x);
        }
        System.gc();
        int arraysAfter = manager.getManagedArrays().size();
        double residentAfter = ResidentMemory.megabytes();
        assertEquals(arraysBefore, arraysAfter, "live arrays after 500 passes");
        assertTrue(
                residentAfter - residentBefore < 20,
                "resident memory grew from " + residentBefore + " MB to " + residentAfter + " MB");
    }
}
