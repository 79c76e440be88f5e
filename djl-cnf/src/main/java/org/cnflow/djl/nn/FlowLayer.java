// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A block of a vector field {@code f(z, t)} that propagates tangent vectors (forward-mode
 * differentiation) alongside its value.
 *
 * <p>The inputs of {@link #forward} are {@code [z]} or {@code [z, t]}: {@code z} has shape (N, din)
 * and {@code t} is a scalar array of shape () holding the time. Layers that do not depend on time
 * ignore {@code t}. The output is {@code [y]} with {@code y} of shape (N, dout).
 *
 * <p>{@link #forwardWithTangents} computes {@code y} and, for K directions {@code v} of shape (N,
 * din) stacked into an array of shape (K, N, din), the products {@code J(z)·v} of shape (K, N,
 * dout), where {@code J(z)} is the Jacobian of each row of {@code y} with respect to the same row
 * of {@code z}. The products are ordinary NDArray expressions, so the trace of the Jacobian built
 * from them can be differentiated with one first-order backward pass.
 *
 * <p>Subclasses implement {@link #forwardValueInternal} and {@link #forwardWithTangentsInternal}
 * after the public methods have checked the arguments. Both read weights through {@link
 * ParameterStore#getValue}, so a subclass of {@code ParameterStore} can substitute arrays, and both
 * compute on {@code z} first (for example {@code z·Wᵀ}, never {@code W·zᵀ}) so that temporaries
 * attach to the manager of the input, not of the parameters.
 */
public abstract class FlowLayer extends AbstractBlock {

    private volatile long initializedInputSize = -1;

    /**
     * Creates a layer whose parameters are serialized with the given version.
     *
     * @param version the version of the parameter encoding
     */
    protected FlowLayer(byte version) {
        super(version);
    }

    /**
     * Computes the value and the Jacobian–vector products of this layer.
     *
     * <p>Parameters are read with {@code training = true}, so a {@link ParameterStore} that copies
     * parameters marks the copies as requiring gradients.
     *
     * @param parameterStore the store the weights are read from
     * @param z the input, of shape (N, din)
     * @param tangents the K tangent directions, of shape (K, N, din)
     * @param time the time as an array of shape (), or {@code null} if this layer is not {@link
     *     #isTimeDependent() time-dependent}
     * @return the output, of shape (N, dout), and its tangents, of shape (K, N, dout)
     * @throws IllegalArgumentException if a shape does not match or the time is missing
     * @throws IllegalStateException if the layer has not been initialized
     */
    public final Tangents forwardWithTangents(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time) {
        checkInputs(z, time);
        Shape inputShape = z.getShape();
        Shape tangentShape = tangents.getShape();
        if (tangentShape.dimension() != 3 || !tangentShape.slice(1).equals(inputShape)) {
            throw new IllegalArgumentException(
                    "The tangents must have shape (K, "
                            + inputShape.get(0)
                            + ", "
                            + inputShape.get(1)
                            + ") to match the input "
                            + inputShape
                            + ", but have shape "
                            + tangentShape);
        }
        return forwardWithTangentsInternal(parameterStore, z, tangents, time);
    }

    /**
     * Returns whether the output depends on the time input.
     *
     * @return {@code true} if {@link #forward} needs the inputs {@code [z, t]}, {@code false} if
     *     {@code [z]} suffices
     */
    public boolean isTimeDependent() {
        return false;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), getOutputSize(input.get(1)))};
    }

    /**
     * Returns the number of output features for a given number of input features.
     *
     * @param inputSize din, the number of input features
     * @return dout, the number of output features
     */
    protected abstract long getOutputSize(long inputSize);

    /**
     * Computes the value of this layer after the arguments have been checked.
     *
     * @param parameterStore the store the weights are read from
     * @param z the input, of shape (N, din)
     * @param time the time, of shape (), or {@code null} if the layer is not time-dependent
     * @param training whether the weights are read for training
     * @return the output, of shape (N, dout)
     */
    protected abstract NDArray forwardValueInternal(
            ParameterStore parameterStore, NDArray z, NDArray time, boolean training);

    /**
     * Computes the value and the Jacobian–vector products after the arguments have been checked.
     *
     * @param parameterStore the store the weights are read from
     * @param z the input, of shape (N, din)
     * @param tangents the tangent directions, of shape (K, N, din)
     * @param time the time, of shape (), or {@code null} if the layer is not time-dependent
     * @return the output, of shape (N, dout), and its tangents, of shape (K, N, dout)
     */
    protected abstract Tangents forwardWithTangentsInternal(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time);

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 1 && inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "A flow layer takes the inputs [z] or [z, t], but got "
                            + inputs.size()
                            + " arrays");
        }
        NDArray z = inputs.get(0);
        NDArray time = inputs.size() == 2 ? inputs.get(1) : null;
        checkInputs(z, time);
        return new NDList(forwardValueInternal(parameterStore, z, time, training));
    }

    /**
     * Checks that this layer is initialized, that {@code z} has shape (N, din) with the din of
     * initialization, and that the time is a scalar and present if this layer needs it.
     */
    /**
     * Returns the input size after checking that the layer is initialized. DJL's {@code
     * isInitialized} walks every parameter of the block tree, which costs more than a small layer's
     * arithmetic, so the size is cached once the layer is initialized.
     *
     * @return the number of input features
     * @throws IllegalStateException if the layer is not initialized
     */
    long initializedInputSize() {
        long size = initializedInputSize;
        if (size < 0) {
            if (!isInitialized()) {
                throw new IllegalStateException(
                        getClass().getSimpleName()
                                + " is not initialized: call initialize(manager, dataType,"
                                + " shapes) first");
            }
            size = getInputShapes()[0].get(1);
            initializedInputSize = size;
        }
        return size;
    }

    private void checkInputs(NDArray z, NDArray time) {
        Shape inputShape = z.getShape();
        long inputSize = initializedInputSize();
        if (inputShape.dimension() != 2 || inputShape.get(1) != inputSize) {
            throw new IllegalArgumentException(
                    "The input z must have shape (N, "
                            + inputSize
                            + "), but has shape "
                            + inputShape);
        }
        if (time == null) {
            if (isTimeDependent()) {
                throw new IllegalArgumentException(
                        getClass().getSimpleName()
                                + " depends on time: pass the time as an array of shape ()");
            }
        } else if (!time.getShape().isScalar()) {
            throw new IllegalArgumentException(
                    "The time must have shape (), but has shape " + time.getShape());
        }
    }

    /**
     * Checks that the shapes given to {@link #initialize} are {@code [(N, din)]} or {@code [(N,
     * din), ()]}.
     *
     * @param inputShapes the shapes of the inputs {@code z} and, optionally, {@code t}
     * @throws IllegalArgumentException if the shapes do not have that form
     */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        if (inputShapes.length < 1 || inputShapes.length > 2 || inputShapes[0].dimension() != 2) {
            throw new IllegalArgumentException(
                    "A flow layer is initialized with the shapes [(N, din)] or [(N, din), ()],"
                            + " but got "
                            + Arrays.toString(inputShapes));
        }
        if (inputShapes.length == 2 && !inputShapes[1].isScalar()) {
            throw new IllegalArgumentException(
                    "The time must have shape (), but the initialization shapes are "
                            + Arrays.toString(inputShapes));
        }
        super.beforeInitialize(inputShapes);
    }
}
