// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The logistic sigmoid {@code y = 1 / (1 + exp(−z))}, with derivative {@code y − y²}.
 *
 * <p>One evaluation with tangents costs four engine calls.
 */
public class Sigmoid extends FlowActivation {

    /** Creates a sigmoid layer. */
    public Sigmoid() {}

    @Override
    protected NDArray activate(NDArray z) {
        return Activation.sigmoid(z);
    }

    @Override
    protected Tangents activateWithTangents(NDArray z, NDArray tangents) {
        NDArray value = Activation.sigmoid(z);
        NDArray valueTangents = tangents.mul(value.sub(value.square()));
        return new Tangents(value, valueTangents);
    }
}
