// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The exponential linear unit {@code y = z} for {@code z > 0} and {@code y = α·(exp(z) − 1)}
 * otherwise, with derivative 1 for {@code z > 0} and {@code α·exp(z)} otherwise.
 *
 * <p>The derivative is assembled from engine operations that take no scalar array, because each
 * scalar operand would cost extra engine calls. With {@code m = min(z, 0) = z − relu(z)} and the
 * step {@code H = sign(relu(z))}, it is {@code exp(m)} when α = 1, and {@code H − leakyRelu(H −
 * exp(m), α)} otherwise: the argument of {@code leakyRelu} is 0 where {@code z > 0} and {@code
 * −exp(z)} elsewhere. At {@code z = 0} the derivative is α, as in PyTorch. One evaluation with
 * tangents costs five engine calls when α = 1 and nine otherwise.
 */
public class Elu extends FlowActivation {

    private final float alpha;

    /** Creates an ELU layer with α = 1. */
    public Elu() {
        this(1.0f);
    }

    /**
     * Creates an ELU layer.
     *
     * @param alpha α, the magnitude of the negative saturation, positive and finite
     * @throws IllegalArgumentException if α is not positive and finite
     */
    public Elu(float alpha) {
        if (!(alpha > 0.0f) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException(
                    "The ELU parameter alpha must be positive and finite, but is " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * Returns α, the magnitude of the negative saturation.
     *
     * @return α
     */
    public float getAlpha() {
        return alpha;
    }

    @Override
    protected NDArray activate(NDArray z) {
        return Activation.elu(z, alpha);
    }

    @Override
    protected Tangents activateWithTangents(NDArray z, NDArray tangents) {
        NDArray value = Activation.elu(z, alpha);
        NDArray relu = Activation.relu(z);
        NDArray expOfNegativePart = z.sub(relu).exp();
        NDArray derivative;
        if (alpha == 1.0f) {
            derivative = expOfNegativePart;
        } else {
            NDArray step = relu.sign();
            derivative = step.sub(Activation.leakyRelu(step.sub(expOfNegativePart), alpha));
        }
        return new Tangents(value, tangents.mul(derivative));
    }
}
