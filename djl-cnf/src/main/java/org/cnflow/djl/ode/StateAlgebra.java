// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cnflow.djl.EngineArrays;

/**
 * Combinations with coefficients known only on the host, such as the dense output's, and the
 * reductions and checks the solver runs once per solve. The per-step arithmetic is in {@link
 * StepArithmetic}.
 */
final class StateAlgebra {

    private StateAlgebra() {}

    /**
     * Computes {@code base + scale · Σ_{j < count} coefficients[j] · ks[j]}, skipping zero
     * coefficients.
     *
     * @param base the array added unscaled, or null for none
     * @param scale the factor applied to every coefficient, typically the step size
     * @param coefficients the weights of {@code ks}
     * @param ks the stage derivatives, of one shape and data type
     * @param count how many leading entries of {@code ks} and {@code coefficients} to use
     * @return a new array, attached to the manager of the first array combined
     */
    static NDArray combine(
            NDArray base, double scale, double[] coefficients, NDArray[] ks, int count) {
        int terms = base == null ? 0 : 1;
        for (int j = 0; j < count; j++) {
            if (coefficients[j] != 0) {
                terms++;
            }
        }
        NDArray[] arrays = new NDArray[terms];
        double[] weights = new double[terms];
        int next = 0;
        if (base != null) {
            arrays[0] = base;
            weights[0] = 1;
            next = 1;
        }
        for (int j = 0; j < count; j++) {
            if (coefficients[j] != 0) {
                arrays[next] = ks[j];
                weights[next] = scale * coefficients[j];
                next++;
            }
        }
        if (terms == 0) {
            throw new IllegalStateException("A combination needs at least one term");
        }
        if (terms == 1) {
            return base != null ? base.duplicate() : arrays[0].mul(weights[0]);
        }
        NDArray stacked = NDArrays.stack(new NDList(arrays), -1);
        NDArray weightVector =
                EngineArrays.create(
                        stacked.getManager(),
                        weights,
                        new Shape(weights.length),
                        stacked.getDataType());
        return stacked.matMul(weightVector);
    }

    /**
     * Computes {@code ‖x / (abstol + reltol · |u|)‖} for the first-step heuristic.
     *
     * @return the norm, NaN when {@code x} or {@code u} contains a non-finite value
     */
    static double scaledNorm(
            NDArray x,
            NDArray u,
            double absoluteTolerance,
            double relativeTolerance,
            ErrorNorm norm) {
        NDArray tolerance = u.abs().mul(relativeTolerance).add(absoluteTolerance);
        return Math.sqrt(scalar(norm.squaredNorm(x.div(tolerance))));
    }

    /**
     * Tells whether every element is finite, with one host synchronisation. The temporaries are
     * closed at once, so the check leaves nothing on the caller's manager.
     *
     * @param x the array to check
     * @return false if any element is NaN or infinite
     */
    static boolean isFinite(NDArray x) {
        try (NDArray zeros = x.mul(0);
                NDArray sum = zeros.sum()) {
            return Double.isFinite(scalar(sum));
        }
    }

    /**
     * Reads a scalar array of a floating-point type as a double.
     *
     * @param x a one-element array
     * @return its value
     */
    static double scalar(NDArray x) {
        DataType type = x.getDataType();
        if (type == DataType.FLOAT64) {
            return x.getDouble();
        }
        if (type == DataType.FLOAT32) {
            return x.getFloat();
        }
        return x.toType(DataType.FLOAT64, false).getDouble();
    }
}
