// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The sigmoid-weighted linear unit {@code y = z·s} with {@code s = sigmoid(z)}, also called swish
 * with β = 1.
 *
 * <p>The derivative is {@code s + y − y·s}. One evaluation with tangents costs six engine calls.
 */
public class Silu extends FlowActivation {

    /** Creates a SiLU layer. */
    public Silu() {}

    @Override
    protected NDArray activate(NDArray z) {
        return z.mul(Activation.sigmoid(z));
    }

    @Override
    protected Tangents activateWithTangents(NDArray z, NDArray tangents) {
        NDArray sigmoid = Activation.sigmoid(z);
        NDArray value = z.mul(sigmoid);
        NDArray derivative = sigmoid.add(value).sub(value.mul(sigmoid));
        return new Tangents(value, tangents.mul(derivative));
    }
}
