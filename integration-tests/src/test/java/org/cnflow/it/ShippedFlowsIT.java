// SPDX-License-Identifier: Apache-2.0
package org.cnflow.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cnflow.djl.zoo.FlowModelZoo;
import org.cnflow.djl.zoo.FlowZooProvider;
import org.cnflow.djl.zoo.SampleRequest;
import org.junit.jupiter.api.Test;

/**
 * Loads the flows shipped in the packaged {@code djl-cnf} jar by group and artifact id, offline,
 * through the zoo provider that the jar registers.
 */
class ShippedFlowsIT {

    /** The mean of the 100 Normal(6, 0.7) samples the 1-D flow was trained on. */
    private static final double NORMAL_TRAINING_MEAN = 6.0419;

    private static <I, O> Criteria<I, O> shipped(String artifact, Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optGroupId(FlowModelZoo.GROUP_ID)
                .optArtifactId(artifact)
                .build();
    }

    @Test
    void normalFlowSamplesMatchTrainingMean() throws Exception {
        try (ZooModel<SampleRequest, float[][]> model =
                        shipped(FlowZooProvider.NORMAL_1D, SampleRequest.class, float[][].class)
                                .loadModel();
                Predictor<SampleRequest, float[][]> predictor = model.newPredictor()) {
            float[][] points = predictor.predict(new SampleRequest(10_000, 5));
            double mean = 0;
            for (float[] point : points) {
                mean += point[0] / points.length;
            }
            assertEquals(NORMAL_TRAINING_MEAN, mean, 0.2);
        }
    }

    @Test
    void eightPredictorsAgreeOnOldFaithful() throws Exception {
        float[][] rows = new float[40][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {1.5f + 0.09f * i, 45f + 1.2f * i};
        }
        try (ZooModel<float[][], float[]> model =
                shipped(FlowZooProvider.OLD_FAITHFUL, float[][].class, float[].class).loadModel()) {
            float[] expected;
            try (Predictor<float[][], float[]> predictor = model.newPredictor()) {
                expected = predictor.predict(rows);
            }
            List<Callable<float[]>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                tasks.add(
                        () -> {
                            try (Predictor<float[][], float[]> predictor = model.newPredictor()) {
                                float[] last = null;
                                for (int repeat = 0; repeat < 5; repeat++) {
                                    last = predictor.predict(rows);
                                }
                                return last;
                            }
                        });
            }
            ExecutorService executor = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[]>> results = executor.invokeAll(tasks);
                for (int thread = 0; thread < results.size(); thread++) {
                    assertArrayEquals(expected, results.get(thread).get(), 0f, "thread " + thread);
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
