// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * An affine layer {@code y = z·Wᵀ + b} with forward-mode tangents {@code v·Wᵀ}.
 *
 * <p>The weight {@code W} has shape (dout, din) and the optional bias {@code b} has shape (dout),
 * as in DJL's {@link Linear}. The weight starts from the initializer of {@link
 * Parameter.Type#WEIGHT} (Xavier) and the bias from zeros. One evaluation with tangents costs two
 * engine calls.
 */
public class FlowLinear extends FlowLayer {

    private static final byte VERSION = 1;

    private final long units;
    private final Parameter weight;
    private final Parameter bias;

    FlowLinear(Builder builder) {
        super(VERSION);
        units = builder.units;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        if (builder.bias) {
            bias =
                    addParameter(
                            Parameter.builder()
                                    .setName("bias")
                                    .setType(Parameter.Type.BIAS)
                                    .build());
        } else {
            bias = null;
        }
    }

    /**
     * Creates a builder for a {@code FlowLinear} layer.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected long getOutputSize(long inputSize) {
        return units;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(units, inputShapes[0].get(1)));
        if (bias != null) {
            bias.setShape(new Shape(units));
        }
    }

    @Override
    protected NDArray forwardValueInternal(
            ParameterStore parameterStore, NDArray z, NDArray time, boolean training) {
        NDArray weightArray = parameterStore.getValue(weight, z.getDevice(), training);
        NDArray biasArray =
                bias == null ? null : parameterStore.getValue(bias, z.getDevice(), training);
        return Linear.linear(z, weightArray, biasArray).singletonOrThrow();
    }

    @Override
    protected Tangents forwardWithTangentsInternal(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time) {
        NDArray weightArray = parameterStore.getValue(weight, z.getDevice(), true);
        NDArray biasArray =
                bias == null ? null : parameterStore.getValue(bias, z.getDevice(), true);
        NDArray value = Linear.linear(z, weightArray, biasArray).singletonOrThrow();
        NDArray valueTangents = Linear.linear(tangents, weightArray).singletonOrThrow();
        return new Tangents(value, valueTangents);
    }

    /** A builder of {@link FlowLinear} layers. */
    public static final class Builder {

        private long units;
        private boolean bias = true;

        Builder() {}

        /**
         * Sets the number of output features dout.
         *
         * @param units dout, at least 1
         * @return this builder
         */
        public Builder setUnits(long units) {
            this.units = units;
            return this;
        }

        /**
         * Sets whether the layer adds a bias vector, which it does by default.
         *
         * @param bias {@code true} to add a trainable bias of shape (dout)
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return a new uninitialized {@code FlowLinear}
         * @throws IllegalArgumentException if the number of units is not positive
         */
        public FlowLinear build() {
            if (units < 1) {
                throw new IllegalArgumentException(
                        "The number of units must be at least 1, but is " + units);
            }
            return new FlowLinear(this);
        }
    }
}
