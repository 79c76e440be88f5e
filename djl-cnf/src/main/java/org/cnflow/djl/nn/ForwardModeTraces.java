// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Computes Jacobian traces of flow layers by forward-mode propagation of tangents.
 *
 * <p>The results are ordinary NDArray expressions of the inputs and the parameters, so one
 * first-order backward pass of a loss built from them yields the gradients with respect to both,
 * and prediction needs no autograd at all. All temporaries attach to the manager of {@code z}.
 */
public final class ForwardModeTraces {

    private ForwardModeTraces() {}

    /**
     * Computes the value of a field and the exact trace of its Jacobian with respect to {@code z}.
     *
     * <p>The field is evaluated once with the d standard basis vectors as tangents, which costs two
     * engine calls for the basis and two for the trace, plus the cost of {@code
     * forwardWithTangents} with K = d.
     *
     * @param field the vector field, with as many outputs as inputs
     * @param parameterStore the store the weights are read from
     * @param z the state, of shape (N, d), in float32 or float64
     * @param time the time, of shape (), or {@code null} if the field does not depend on time
     * @return {@code f(z, t)}, of shape (N, d), and {@code Σ_k ∂f_k/∂z_k} per row, of shape (N)
     * @throws IllegalArgumentException if a shape or the data type is invalid
     */
    public static ValueAndTrace exactTrace(
            FlowLayer field, ParameterStore parameterStore, NDArray z, NDArray time) {
        Shape shape = checkState(field, z);
        int dimension = Math.toIntExact(shape.get(1));
        NDArray basis = basisTangents(z.getManager(), dimension, z.getDataType());
        NDArray tangents = basis.broadcast(dimension, shape.get(0), dimension);

        Tangents result = field.forwardWithTangents(parameterStore, z, tangents, time);

        // Element [k, n, k] of the tangents is ∂f_k/∂z_k at row n, and diagonal() puts k last.
        NDArray trace = result.tangents().diagonal(0, 0, 2).sum(new int[] {1});
        return new ValueAndTrace(result.value(), trace, result.tangents());
    }

    /**
     * Computes the value of a field and Hutchinson's estimate {@code εᵀ (∂f/∂z) ε} of the trace of
     * its Jacobian for a given probe.
     *
     * <p>For a probe with independent entries of mean 0 and variance 1 (Gaussian or Rademacher),
     * the estimate is unbiased. The field is evaluated once with the probe as its only tangent,
     * which costs three engine calls plus the cost of {@code forwardWithTangents} with K = 1.
     *
     * @param field the vector field, with as many outputs as inputs
     * @param parameterStore the store the weights are read from
     * @param z the state, of shape (N, d)
     * @param time the time, of shape (), or {@code null} if the field does not depend on time
     * @param probe the probe ε, one vector per row, of shape (N, d)
     * @return {@code f(z, t)}, of shape (N, d), and {@code εᵀ (∂f/∂z) ε} per row, of shape (N)
     * @throws IllegalArgumentException if a shape is invalid
     */
    public static ValueAndTrace hutchinson(
            FlowLayer field,
            ParameterStore parameterStore,
            NDArray z,
            NDArray time,
            NDArray probe) {
        Shape shape = checkState(field, z);
        if (!probe.getShape().equals(shape)) {
            throw new IllegalArgumentException(
                    "The probe must have the shape "
                            + shape
                            + " of the state, but has shape "
                            + probe.getShape());
        }

        Tangents result = field.forwardWithTangents(parameterStore, z, probe.expandDims(0), time);
        NDArray estimate = result.tangents().mul(probe).sum(new int[] {0, 2});
        return new ValueAndTrace(result.value(), estimate, result.tangents());
    }

    /** Checks that z has shape (N, d) and that the field maps d features to d features. */
    private static Shape checkState(FlowLayer field, NDArray z) {
        Shape shape = z.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(
                    "The state z must have shape (N, d), but has shape " + shape);
        }
        field.initializedInputSize();
        long outputSize = field.getOutputSize(shape.get(1));
        if (outputSize != shape.get(1)) {
            throw new IllegalArgumentException(
                    "A Jacobian trace needs as many outputs as inputs, but "
                            + field.getClass().getSimpleName()
                            + " maps the state of shape "
                            + shape
                            + " to "
                            + outputSize
                            + " features");
        }
        return shape;
    }

    /**
     * Creates the d standard basis vectors as an array of shape (d, 1, d). The engine builds it, so
     * no Java buffer backs the tangents that recorded graphs save.
     */
    private static NDArray basisTangents(NDManager manager, int dimension, DataType dataType) {
        if (dataType != DataType.FLOAT64 && dataType != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "Exact traces support float32 and float64 states, but z has data type "
                            + dataType);
        }
        return manager.eye(dimension, dimension, 0, dataType).reshape(dimension, 1, dimension);
    }
}
