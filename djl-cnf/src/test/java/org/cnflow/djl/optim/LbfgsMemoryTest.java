// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LbfgsMemoryTest {

    @Test
    void emptyMemoryGivesSteepestDescent() {
        LbfgsMemory memory = new LbfgsMemory(3);

        assertArrayEquals(new double[] {-1, 2, -3}, memory.direction(new double[] {1, -2, 3}));
    }

    @Test
    void directionSatisfiesNewestSecantEquation() {
        // H y = s for the newest pair, so the direction for the "gradient" y is −s.
        TestFunctions.Quadratic quadratic = new TestFunctions.Quadratic(6, 100, 7);
        LbfgsMemory memory = new LbfgsMemory(4);
        Random random = new Random(3);
        double[] step = null;
        double[] gradientChange = null;
        for (int k = 0; k < 6; k++) {
            step = new double[6];
            for (int i = 0; i < 6; i++) {
                step[i] = random.nextGaussian();
            }
            gradientChange = new double[6];
            quadratic.evaluate(step, gradientChange);
            for (int i = 0; i < 6; i++) {
                gradientChange[i] += quadratic.linear[i];
            }
            assertTrue(memory.add(step, gradientChange));
        }

        double[] direction = memory.direction(gradientChange);

        assertEquals(4, memory.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(-step[i], direction[i], 1e-12 * Vectors.maxNorm(step));
        }
    }

    @Test
    void pairWithoutPositiveCurvatureIsSkipped() {
        LbfgsMemory memory = new LbfgsMemory(3);

        boolean negative = memory.add(new double[] {1, 0}, new double[] {-1, 0});
        boolean zero = memory.add(new double[] {1, 0}, new double[] {0, 1});

        assertFalse(negative);
        assertFalse(zero);
        assertTrue(memory.isEmpty());
    }
}
