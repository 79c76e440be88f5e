// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;

/**
 * FFJORD's time-dependent affine layer {@code y = (z·Wᵀ + b) ⊙ sigmoid(t·g + c) + t·h}.
 *
 * <p>The formula is that of {@code ConcatSquashLinear} in the reference implementation of Grathwohl
 * et al., "FFJORD: Free-form Continuous Dynamics for Scalable Reversible Generative Models" (ICLR
 * 2019), file {@code lib/layers/diffeq_layers/basic.py} of github.com/rtqichen/ffjord. The weight
 * {@code W} has shape (dout, din). The bias {@code b}, the gate weight {@code g}, the gate bias
 * {@code c} and the time-bias weight {@code h} have shape (dout), and the time {@code t} is a
 * scalar. The tangents are {@code (v·Wᵀ) ⊙ sigmoid(t·g + c)}, since only the first factor depends
 * on {@code z}.
 *
 * <p>{@code W} starts from the initializer of {@link Parameter.Type#WEIGHT} (Xavier) and {@code b}
 * from zeros. {@code g}, {@code c} and {@code h} start uniform on [-1, 1], which is PyTorch's
 * default for a linear map with one input feature, as the reference implementation uses. They have
 * type {@link Parameter.Type#OTHER}, so initializers meant for weight matrices leave them alone.
 * One evaluation with tangents costs nine engine calls, four of which compute the gate and the time
 * bias from {@code t}.
 */
public class ConcatSquashLinear extends FlowLayer {

    private static final byte VERSION = 1;

    private final long units;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter gateWeight;
    private final Parameter gateBias;
    private final Parameter timeBiasWeight;

    ConcatSquashLinear(Builder builder) {
        super(VERSION);
        units = builder.units;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        bias =
                addParameter(
                        Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        gateWeight = addParameter(timeParameter("gateWeight"));
        gateBias = addParameter(timeParameter("gateBias"));
        timeBiasWeight = addParameter(timeParameter("timeBiasWeight"));
    }

    private static Parameter timeParameter(String name) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optInitializer(new UniformInitializer(1.0f))
                .build();
    }

    /**
     * Creates a builder for a {@code ConcatSquashLinear} layer.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns {@code true}: the gate and the added bias depend on the time.
     *
     * @return {@code true}
     */
    @Override
    public boolean isTimeDependent() {
        return true;
    }

    @Override
    protected long getOutputSize(long inputSize) {
        return units;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(units, inputShapes[0].get(1)));
        Shape vector = new Shape(units);
        bias.setShape(vector);
        gateWeight.setShape(vector);
        gateBias.setShape(vector);
        timeBiasWeight.setShape(vector);
    }

    @Override
    protected NDArray forwardValueInternal(
            ParameterStore parameterStore, NDArray z, NDArray time, boolean training) {
        Device device = z.getDevice();
        NDArray weightArray = parameterStore.getValue(weight, device, training);
        NDArray biasArray = parameterStore.getValue(bias, device, training);
        NDArray linear = Linear.linear(z, weightArray, biasArray).singletonOrThrow();
        return linear.mul(gate(parameterStore, time, device, training))
                .add(timeBias(parameterStore, time, device, training));
    }

    @Override
    protected Tangents forwardWithTangentsInternal(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time) {
        Device device = z.getDevice();
        NDArray weightArray = parameterStore.getValue(weight, device, true);
        NDArray biasArray = parameterStore.getValue(bias, device, true);
        NDArray gate = gate(parameterStore, time, device, true);

        NDArray linear = Linear.linear(z, weightArray, biasArray).singletonOrThrow();
        NDArray value = linear.mul(gate).add(timeBias(parameterStore, time, device, true));
        NDArray valueTangents = Linear.linear(tangents, weightArray).singletonOrThrow().mul(gate);
        return new Tangents(value, valueTangents);
    }

    /** Computes the gate {@code sigmoid(t·g + c)}, of shape (dout). */
    private NDArray gate(
            ParameterStore parameterStore, NDArray time, Device device, boolean training) {
        NDArray gateWeightArray = parameterStore.getValue(gateWeight, device, training);
        NDArray gateBiasArray = parameterStore.getValue(gateBias, device, training);
        return Activation.sigmoid(time.mul(gateWeightArray).add(gateBiasArray));
    }

    /** Computes the time-dependent bias {@code t·h}, of shape (dout). */
    private NDArray timeBias(
            ParameterStore parameterStore, NDArray time, Device device, boolean training) {
        return time.mul(parameterStore.getValue(timeBiasWeight, device, training));
    }

    /** A builder of {@link ConcatSquashLinear} layers. */
    public static final class Builder {

        private long units;

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
         * Builds the layer.
         *
         * @return a new uninitialized {@code ConcatSquashLinear}
         * @throws IllegalArgumentException if the number of units is not positive
         */
        public ConcatSquashLinear build() {
            if (units < 1) {
                throw new IllegalArgumentException(
                        "The number of units must be at least 1, but is " + units);
            }
            return new ConcatSquashLinear(this);
        }
    }
}
