// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
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

    static void checkNoLeak(NDManager manager, FfjordBlock flow) {
        double[] points = new double[200];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < points.length; i++) {
            points[i] = 2 * random.nextDouble() - 1;
        }
        NDArray x = manager.create(points, new Shape(100, flow.getDimension()));
        for (int i = 0; i < 50; i++) {
            flow.logDensity(x).close();
        }
        System.gc();
        int arraysBefore = manager.getManagedArrays().size();
        double residentBefore = ResidentMemory.megabytes();
        for (int i = 0; i < 500; i++) {
            flow.logDensity(x).close();
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
