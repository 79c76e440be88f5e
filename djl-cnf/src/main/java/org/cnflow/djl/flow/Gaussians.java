// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Normal deviates from a Java generator, and arrays built from host values. */
final class Gaussians {

    private Gaussians() {}

    /**
     * Draws a standard normal deviate by the Box–Muller transform, using two uniform values.
     *
     * @param random the generator
     * @return a standard normal value
     */
    static double next(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Creates an array of the given type from host values.
     *
     * @param manager the manager of the new array
     * @param values the values in row-major order
     * @param shape the shape
     * @param dataType float32 or float64
     * @return the array
     */
    static NDArray create(NDManager manager, double[] values, Shape shape, DataType dataType) {
        if (dataType == DataType.FLOAT32) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            return manager.create(floats, shape);
        }
        if (dataType == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        throw new IllegalArgumentException("Expected float32 or float64, got " + dataType);
    }
}
