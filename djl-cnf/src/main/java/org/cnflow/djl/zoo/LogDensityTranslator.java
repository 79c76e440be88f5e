// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Translates one point, a {@code float[]} of length d, to its log-density {@code log p(x)} in nats.
 *
 * <p>The translator batches with {@link Batchifier#STACK}, so {@code Predictor.batchPredict} solves
 * its points as one batch. The adaptive solver's steps depend on the whole batch, so a point's
 * result can differ from a batch's within the solver's tolerances.
 */
public final class LogDensityTranslator implements Translator<float[], Float> {

    private final int dimension;
    private final DataType dataType;

    /**
     * Creates a translator for a flow.
     *
     * @param dimension the flow's dimension d
     * @param dataType the data type of the flow's parameters
     */
    public LogDensityTranslator(int dimension, DataType dataType) {
        this.dimension = dimension;
        this.dataType = dataType;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, float[] point) {
        FlowInputs.checkRow(point, dimension, "The point");
        NDArray array = ctx.getNDManager().create(point).toType(dataType, false);
        return new NDList(array);
    }

    /** {@inheritDoc} */
    @Override
    public Float processOutput(TranslatorContext ctx, NDList outputs) {
        return outputs.get(0).toType(DataType.FLOAT32, false).getFloat();
    }

    /** {@inheritDoc} */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
