// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Validation of input arrays with messages that point at the bad value. */
final class InputChecks {

    private InputChecks() {}

    /**
     * Checks that every entry of a batch of points is finite, with one host synchronisation when it
     * is.
     *
     * @param points points of shape (N, d)
     * @param name the argument's name for the message
     * @throws IllegalArgumentException naming the first row and column that contains NaN or
     *     infinity
     */
    static void requireFinite(NDArray points, String name) {
        try (NDArray zeros = points.mul(0);
                NDArray sum = zeros.sum();
                NDArray check = sum.toType(DataType.FLOAT64, true)) {
            if (Double.isFinite(check.getDouble())) {
                return;
            }
        }
        long columns = points.getShape().get(1);
        double[] values;
        try (NDArray copy = points.toType(DataType.FLOAT64, true)) {
            values = copy.toDoubleArray();
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "Row "
                                + (i / columns)
                                + " of "
                                + name
                                + " holds "
                                + values[i]
                                + " in column "
                                + (i % columns)
                                + ": every value must be finite");
            }
        }
    }
}
