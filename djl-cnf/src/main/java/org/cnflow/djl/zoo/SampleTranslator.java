// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import org.cnflow.djl.flow.FfjordBlock;

/**
 * Translates a {@link SampleRequest} to {@code float[count][d]} points drawn from the flow with
 * {@link FfjordBlock#sample}.
 *
 * <p>A DJL predictor always runs the block's forward pass, which computes log-densities, not
 * samples. The translator therefore draws the samples itself in {@code processInput} and hands the
 * forward pass only the first sample, so that pass costs the solve of a single point.
 */
public final class SampleTranslator implements NoBatchifyTranslator<SampleRequest, float[][]> {

    private static final String SAMPLES = "samples";

    private final FfjordBlock flow;

    /**
     * Creates a translator for a flow.
     *
     * @param flow the initialized flow to sample from
     */
    public SampleTranslator(FfjordBlock flow) {
        this.flow = flow;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, SampleRequest request) {
        NDArray samples = flow.sample(ctx.getNDManager(), request.count(), request.seed());
        ctx.setAttachment(SAMPLES, samples);
        return new NDList(samples.get("0:1"));
    }

    /** {@inheritDoc} */
    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList outputs) {
        NDArray samples = (NDArray) ctx.getAttachment(SAMPLES);
        int count = Math.toIntExact(samples.getShape().get(0));
        int dimension = Math.toIntExact(samples.getShape().get(1));
        float[] values = samples.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] points = new float[count][dimension];
        for (int i = 0; i < count; i++) {
            System.arraycopy(values, i * dimension, points[i], 0, dimension);
        }
        return points;
    }
}
