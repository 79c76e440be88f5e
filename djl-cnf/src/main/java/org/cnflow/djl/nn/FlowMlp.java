// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds multilayer perceptrons {@code d → h_1 → … → h_k → d} as {@link FlowSequential} blocks.
 *
 * <p>The activation follows every hidden layer, and the final activation, if set, follows the
 * output layer. The layers are {@link FlowLinear} or, for a time-dependent field, FFJORD's {@link
 * ConcatSquashLinear}. For example, the field {@code Dense(1 → 3, tanh) → Dense(3 → 1, tanh)} is
 *
 * <pre>{@code
 * FlowMlp.builder()
 *         .setInputSize(1)
 *         .optHiddenSizes(3)
 *         .optActivation(Tanh::new)
 *         .optFinalActivation(Tanh::new)
 *         .build();
 * }</pre>
 */
public final class FlowMlp {

    private FlowMlp() {}

    /**
     * Creates a builder for a multilayer perceptron.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder of multilayer perceptrons made of flow layers. */
    public static final class Builder {

        private long inputSize;
        private long[] hiddenSizes = new long[0];
        private Supplier<? extends FlowLayer> activation = Tanh::new;
        private Supplier<? extends FlowLayer> finalActivation;
        private boolean timeDependent;

        Builder() {}

        /**
         * Sets the number of features d of the input and of the output.
         *
         * @param inputSize d, at least 1
         * @return this builder
         */
        public Builder setInputSize(long inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /**
         * Sets the widths of the hidden layers. By default there is none, and the perceptron is a
         * single affine map.
         *
         * @param hiddenSizes h_1, …, h_k, each at least 1
         * @return this builder
         */
        public Builder optHiddenSizes(long... hiddenSizes) {
            this.hiddenSizes = hiddenSizes.clone();
            return this;
        }

        /**
         * Sets the activation applied after every hidden layer, {@link Tanh} by default.
         *
         * @param activation creates one new activation layer per call, for example {@code
         *     Softplus::new} or {@code () -> new Elu(0.5f)}
         * @return this builder
         */
        public Builder optActivation(Supplier<? extends FlowLayer> activation) {
            this.activation = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /**
         * Sets an activation applied after the output layer, none by default.
         *
         * @param finalActivation creates the final activation layer, or {@code null} for none
         * @return this builder
         */
        public Builder optFinalActivation(Supplier<? extends FlowLayer> finalActivation) {
            this.finalActivation = finalActivation;
            return this;
        }

        /**
         * Sets whether the field depends on time, which it does not by default.
         *
         * @param timeDependent {@code true} to build {@link ConcatSquashLinear} layers, {@code
         *     false} for {@link FlowLinear} layers
         * @return this builder
         */
        public Builder optTimeDependent(boolean timeDependent) {
            this.timeDependent = timeDependent;
            return this;
        }

        /**
         * Builds the perceptron.
         *
         * @return a new uninitialized sequence of layers
         * @throws IllegalArgumentException if the input size or a hidden size is not positive
         */
        public FlowSequential build() {
            if (inputSize < 1) {
                throw new IllegalArgumentException(
                        "The input size must be at least 1, but is " + inputSize);
            }
            for (long size : hiddenSizes) {
                if (size < 1) {
                    throw new IllegalArgumentException(
                            "Every hidden size must be at least 1, but the sizes are "
                                    + Arrays.toString(hiddenSizes));
                }
            }

            FlowSequential sequence = new FlowSequential();
            for (long size : hiddenSizes) {
                sequence.add(affine(size));
                sequence.add(activation.get());
            }
            sequence.add(affine(inputSize));
            if (finalActivation != null) {
                sequence.add(finalActivation.get());
            }
            return sequence;
        }

        private FlowLayer affine(long units) {
            if (timeDependent) {
                return ConcatSquashLinear.builder().setUnits(units).build();
            }
            return FlowLinear.builder().setUnits(units).build();
        }
    }
}
