// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Linear combinations and reductions of solver states, written to keep engine calls few.
 *
 * <p>On small problems the cost of a Runge–Kutta step is the number of engine calls, not the
 * arithmetic. A combination {@code y + dt Σ a_j k_j} of m arrays as a chain of scaled additions
 * takes about {@code 3m} calls; stacking the arrays along a new last axis and contracting with a
 * coefficient vector takes three, whatever m is.
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
        NDArray weightVector = vector(stacked.getManager(), weights, stacked.getDataType());
        return stacked.matMul(weightVector);
    }

    /**
     * Computes the scaled error norm {@code ‖err / (abstol + reltol · max(|y|, |yNew|))‖}.
     *
     * <p>A non-finite entry of {@code yNew} makes the result NaN: with a finite error, a state
     * entry of infinity would otherwise give a zero ratio and pass unnoticed.
     *
     * @return the norm, or NaN when the error or the new state holds a non-finite value
     */
    static double scaledErrorNorm(
            NDArray error,
            NDArray y,
            NDArray yNew,
            double absoluteTolerance,
            double relativeTolerance,
            ErrorNorm norm) {
        NDArray tolerance =
                y.abs().maximum(yNew.abs()).mul(relativeTolerance).add(absoluteTolerance);
        NDArray squared = norm.squaredNorm(error.div(tolerance));
        NDArray finiteGuard = yNew.mul(0).sum();
        return Math.sqrt(scalar(squared.add(finiteGuard)));
    }

    /**
     * Computes {@code ‖x / (abstol + reltol · |u|)‖} for the first-step heuristic.
     *
     * @return the norm, NaN when {@code x} or {@code u} holds a non-finite value
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
     * Tells whether every element is finite, with one host synchronisation.
     *
     * @param x the array to check
     * @return false if any element is NaN or infinite
     */
    static boolean isFinite(NDArray x) {
        // The temporaries are closed here because the solver checks the initial state on the
        // caller's manager, where they would otherwise stay until the caller closes it.
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

    private static NDArray vector(NDManager manager, double[] values, DataType type) {
        if (type == DataType.FLOAT32) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            return manager.create(floats);
        }
        return manager.create(values);
    }
}
