// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs predictors of one loaded flow on eight threads at once. */
class ConcurrentPredictionTest {

    private static final int THREADS = 8;

    @Test
    void eightPredictorsAgree() throws Exception {
        float[][] rows = new float[64][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {1.5f + 0.05f * i, 45f + 0.6f * i};
        }
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optGroupId(FlowModelZoo.GROUP_ID)
                        .optArtifactId(FlowZooProvider.OLD_FAITHFUL)
                        .build();
        try (ZooModel<float[][], float[]> model = criteria.loadModel()) {
            float[] reference;
            try (Predictor<float[][], float[]> predictor = model.newPredictor()) {
                reference = predictor.predict(rows);
            }

            CyclicBarrier start = new CyclicBarrier(THREADS);
            Callable<float[]> task =
                    () -> {
                        try (Predictor<float[][], float[]> predictor = model.newPredictor()) {
                            start.await(30, TimeUnit.SECONDS);
                            float[] last = null;
                            for (int repeat = 0; repeat < 5; repeat++) {
                                float[] result = predictor.predict(rows);
                                if (last != null) {
                                    assertArrayEquals(last, result, 0f);
                                }
                                last = result;
                            }
                            return last;
                        }
                    };
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    futures.add(pool.submit(task));
                }
                for (int i = 0; i < THREADS; i++) {
                    assertArrayEquals(
                            reference, futures.get(i).get(60, TimeUnit.SECONDS), 0f, "thread " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
