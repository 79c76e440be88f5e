// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Translates a batch of points, {@code float[N][d]}, to their log-densities {@code float[N]} in
 * nats, solved as one batch.
 */
public final class BatchLogDensityTranslator implements NoBatchifyTranslator<float[][], float[]> {

    private final int dimension;
    private final DataType dataType;

    /**
     * Creates a translator for a flow.
     *
     * @param dimension the flow's dimension d
     * @param dataType the data type of the flow's parameters
     */
    public BatchLogDensityTranslator(int dimension, DataType dataType) {
        this.dimension = dimension;
        this.dataType = dataType;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, float[][] points) {
        NDArray array = FlowInputs.toMatrix(ctx.getNDManager(), points, dimension);
        return new NDList(array.toType(dataType, false));
    }

    /** {@inheritDoc} */
    @Override
    public float[] processOutput(TranslatorContext ctx, NDList outputs) {
        return outputs.get(0).toType(DataType.FLOAT32, false).toFloatArray();
    }
}
