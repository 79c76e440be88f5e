// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A composition {@code f_L ∘ … ∘ f_1} of flow layers that passes the time to every layer.
 *
 * <p>Tangents compose by the chain rule: each layer receives the tangents its predecessor returned,
 * so the output tangents are {@code J_L ⋯ J_1 · v}. An empty sequence is the identity.
 */
public class FlowSequential extends FlowLayer {

    private static final byte VERSION = 1;

    private final List<FlowLayer> layers = new ArrayList<>();

    /** Creates an empty sequence. */
    public FlowSequential() {
        super(VERSION);
    }

    /**
     * Appends a layer.
     *
     * @param layer the layer applied after those already added
     * @return this sequence
     */
    public FlowSequential add(FlowLayer layer) {
        addChildBlock(layer.getClass().getSimpleName(), layer);
        layers.add(layer);
        return this;
    }

    /**
     * Appends layers in order.
     *
     * @param layers the layers applied after those already added
     * @return this sequence
     */
    public FlowSequential addAll(FlowLayer... layers) {
        for (FlowLayer layer : layers) {
            add(layer);
        }
        return this;
    }

    /**
     * Returns the layers in the order they are applied.
     *
     * @return an unmodifiable view of the layers
     */
    public List<FlowLayer> getLayers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * Returns whether any layer depends on the time.
     *
     * @return {@code true} if some layer is time-dependent
     */
    @Override
    public boolean isTimeDependent() {
        for (FlowLayer layer : layers) {
            if (layer.isTimeDependent()) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected long getOutputSize(long inputSize) {
        long size = inputSize;
        for (FlowLayer layer : layers) {
            size = layer.getOutputSize(size);
        }
        return size;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes.clone();
        for (Block layer : children.values()) {
            layer.initialize(manager, dataType, shapes);
            shapes[0] = layer.getOutputShapes(shapes)[0];
        }
    }

    @Override
    protected NDArray forwardValueInternal(
            ParameterStore parameterStore, NDArray z, NDArray time, boolean training) {
        NDArray value = z;
        for (FlowLayer layer : layers) {
            value = layer.forwardValueInternal(parameterStore, value, time, training);
        }
        return value;
    }

    @Override
    protected Tangents forwardWithTangentsInternal(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time) {
        Tangents result = new Tangents(z, tangents);
        for (FlowLayer layer : layers) {
            result =
                    layer.forwardWithTangentsInternal(
                            parameterStore, result.value(), result.tangents(), time);
        }
        return result;
    }
}
