// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * An elementwise activation {@code y = σ(z)} without parameters, whose tangents are {@code σ'(z) ⊙
 * v}.
 *
 * <p>Unlike DJL's lambda activations, the derivative is written out, so the layer can propagate
 * tangents. The output has the shape of the input and the time input is ignored.
 */
public abstract class FlowActivation extends FlowLayer {

    private static final byte VERSION = 1;

    /** Creates an activation layer. */
    protected FlowActivation() {
        super(VERSION);
    }

    /**
     * Applies the activation elementwise.
     *
     * @param z the input, of any shape
     * @return {@code σ(z)}, of the shape of {@code z}
     */
    protected abstract NDArray activate(NDArray z);

    /**
     * Applies the activation and multiplies every tangent elementwise by its derivative.
     *
     * @param z the input, of shape (N, d)
     * @param tangents the tangent directions, of shape (K, N, d)
     * @return {@code σ(z)}, of shape (N, d), and {@code σ'(z) ⊙ v} for every direction {@code v},
     *     of shape (K, N, d)
     */
    protected abstract Tangents activateWithTangents(NDArray z, NDArray tangents);

    @Override
    protected final long getOutputSize(long inputSize) {
        return inputSize;
    }

    @Override
    protected final NDArray forwardValueInternal(
            ParameterStore parameterStore, NDArray z, NDArray time, boolean training) {
        return activate(z);
    }

    @Override
    protected final Tangents forwardWithTangentsInternal(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time) {
        return activateWithTangents(z, tangents);
    }
}
