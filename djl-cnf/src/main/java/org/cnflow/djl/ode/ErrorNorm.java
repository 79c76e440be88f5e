// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * How the solver reduces the scaled local error of a state to one number.
 *
 * <p>Axis 0 of a state is its batch axis. A state of shape (N, …) has N rows, a rank-1 state of
 * length N has N rows of one element, and a scalar state is one row.
 */
public enum ErrorNorm {

    /**
     * The root mean square over every element of the state, as OrdinaryDiffEq.jl and torchdiffeq
     * compute it. A batch then shares one tolerance: a row whose error is far above the rest can be
     * averaged away, by up to a factor {@code sqrt(N)}.
     */
    WHOLE_STATE,

    /**
     * The maximum over rows of each row's root mean square, so every row of a batch meets the
     * tolerance on its own, as if it were solved alone, at the cost of smaller steps.
     */
    PER_ROW;

    /**
     * Reduces element-wise scaled errors to the squared norm, as a scalar array.
     *
     * @param ratio the errors divided by their tolerances, of the state's shape
     * @return the squared norm, a scalar array on {@code ratio}'s manager
     */
    NDArray squaredNorm(NDArray ratio) {
        NDArray squares = ratio.square();
        Shape shape = ratio.getShape();
        if (this == WHOLE_STATE || shape.dimension() == 0) {
            return squares.mean();
        }
        if (shape.dimension() == 1) {
            return squares.max();
        }
        return squares.reshape(shape.get(0), -1).mean(new int[] {1}).max();
    }
}
