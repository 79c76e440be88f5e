// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.testing.NormalProblem;
import org.cnflow.djl.training.AdamStage;
import org.cnflow.djl.training.FlowTrainer;
import org.cnflow.djl.training.TrainingStage;

/** Builds and trains the small flows of the zoo tests and of {@link ShippedFlowsGenerator}. */
final class ZooTesting {

    private ZooTesting() {}

    /**
     * Builds the 1-D normal workload's flow: field 1 → 3 → 1 with tanh after both layers, time span
     * (0, 10).
     */
    static FfjordBlock normalFlow(AffineStandardization standardization) {
        FfjordBlock.Builder builder =
                FfjordBlock.builder()
                        .setVectorField(
                                FlowMlp.builder()
                                        .setInputSize(1)
                                        .optHiddenSizes(3)
                                        .optActivation(Tanh::new)
                                        .optFinalActivation(Tanh::new)
                                        .build())
                        .setDimension(1)
                        .optTimeSpan(0, 10);
        if (standardization != null) {
            builder.optStandardization(standardization);
        }
        return builder.build();
    }

    /** Returns the 100 training samples of the 1-D normal workload, shape (100, 1). */
    static NDArray normalSamples(NDManager manager) {
        double[] samples = NormalProblem.load().samples;
        float[] values = new float[samples.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) samples[i];
        }
        return manager.create(values, new Shape(values.length, 1));
    }

    /**
     * Trains a standardized 1-D normal flow with a few Adam steps, enough for a flow that differs
     * from its initialization, in about a second.
     */
    static FfjordBlock trainSmallNormalFlow(NDManager manager) {
        NDArray x = normalSamples(manager);
        double mean = x.mean().getFloat();
        double scale = Math.sqrt(x.sub(mean).square().mean().getFloat());
        FfjordBlock flow =
                normalFlow(new AffineStandardization(new double[] {mean}, new double[] {scale}));
        flow.initialize(manager, DataType.FLOAT32, x.getShape());
        train(flow, x, List.of(AdamStage.of(0.05, 10)));
        return flow;
    }

    static void train(FfjordBlock flow, NDArray x, List<TrainingStage> stages) {
        FlowTrainer.builder().optProgressBar(false).build().fit(flow, x, stages);
    }

    /** Reads the Old Faithful data of the test resources as rows (eruptions, waiting). */
    static float[][] oldFaithful() {
        List<float[]> rows = new ArrayList<>();
        try (InputStream stream = ZooTesting.class.getResourceAsStream("/old-faithful.csv");
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                rows.add(new float[] {Float.parseFloat(fields[0]), Float.parseFloat(fields[1])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.toArray(new float[0][]);
    }
}
