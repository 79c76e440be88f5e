// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The softplus {@code y = log(1 + exp(z))}, whose derivative is the logistic sigmoid of {@code z}.
 *
 * <p>The value is PyTorch's {@code softplus}, which returns {@code z} itself for {@code z > 20}.
 * There the tangents use the exact derivative sigmoid(z), which differs from the slope 1 of the
 * returned value by less than {@code 3e-9}. One evaluation with tangents costs three engine calls.
 */
public class Softplus extends FlowActivation {

    /** Creates a softplus layer. */
    public Softplus() {}

    @Override
    protected NDArray activate(NDArray z) {
        return Activation.softPlus(z);
    }

    @Override
    protected Tangents activateWithTangents(NDArray z, NDArray tangents) {
        NDArray value = Activation.softPlus(z);
        NDArray valueTangents = tangents.mul(Activation.sigmoid(z));
        return new Tangents(value, valueTangents);
    }
}
