// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Checks and converts the Java inputs of the translators. */
final class FlowInputs {

    private FlowInputs() {}

    static void checkRow(float[] row, int dimension, String name) {
        if (row == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (row.length != dimension) {
            throw new IllegalArgumentException(
                    name
                            + " has "
                            + row.length
                            + " values, but the flow has dimension "
                            + dimension);
        }
    }

    static NDArray toMatrix(NDManager manager, float[][] points, int dimension) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("The batch of points is empty");
        }
        float[] values = new float[Math.multiplyExact(points.length, dimension)];
        for (int i = 0; i < points.length; i++) {
            checkRow(points[i], dimension, "Point " + i);
            System.arraycopy(points[i], 0, values, i * dimension, dimension);
        }
        return manager.create(values, new Shape(points.length, dimension));
    }
}
