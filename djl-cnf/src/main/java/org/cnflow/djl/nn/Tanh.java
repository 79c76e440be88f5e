// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;

/**
 * The hyperbolic tangent {@code y = tanh(z)}, with {@code tanh'(z) = 1 − y²}.
 *
 * <p>The tangents are computed as {@code v − v·y²}, which needs no scalar constant and stays finite
 * for any input. One evaluation with tangents costs four engine calls.
 */
public class Tanh extends FlowActivation {

    /** Creates a tanh layer. */
    public Tanh() {}

    @Override
    protected NDArray activate(NDArray z) {
        return z.tanh();
    }

    @Override
    protected Tangents activateWithTangents(NDArray z, NDArray tangents) {
        NDArray value = z.tanh();
        NDArray valueTangents = tangents.sub(tangents.mul(value.square()));
        return new Tangents(value, valueTangents);
    }
}
