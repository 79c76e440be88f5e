// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.cnflow.djl.testing.NormalProblem;
import org.junit.jupiter.api.Test;

/** Loads the shipped example flows by group and artifact id, offline. */
class ShippedFlowsTest {

    private static <I, O> Criteria<I, O> shipped(
            String artifactId, Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optGroupId(FlowModelZoo.GROUP_ID)
                .optArtifactId(artifactId)
                .build();
    }

    @Test
    void runsOffline() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    @Test
    void providerRegistersZoo() {
        ModelZoo zoo = ModelZoo.getModelZoo(FlowModelZoo.GROUP_ID);
        assertTrue(zoo instanceof FlowModelZoo, "zoo " + zoo);
        for (String artifactId : FlowZooProvider.SHIPPED_ARTIFACTS) {
            assertTrue(zoo.getModelLoader(artifactId) != null, artifactId + " is not listed");
        }
    }

    @Test
    void normalFlowSamplesMatchTrainingMean()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        double trainingMean = 0;
        double[] samples = NormalProblem.load().samples;
        for (double sample : samples) {
            trainingMean += sample / samples.length;
        }
        Criteria<SampleRequest, float[][]> criteria =
                shipped(FlowZooProvider.NORMAL_1D, SampleRequest.class, float[][].class);
        try (ZooModel<SampleRequest, float[][]> model = criteria.loadModel();
                Predictor<SampleRequest, float[][]> predictor = model.newPredictor()) {
            float[][] points = predictor.predict(new SampleRequest(10_000, 7));
            double mean = 0;
            for (float[] point : points) {
                mean += point[0] / (double) points.length;
            }
            assertEquals(trainingMean, mean, 0.2);
        }
    }

    @Test
    void normalFlowPeaksNearSix()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        Criteria<float[][], float[]> criteria =
                shipped(FlowZooProvider.NORMAL_1D, float[][].class, float[].class);
        try (ZooModel<float[][], float[]> model = criteria.loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            float[] logDensity = predictor.predict(new float[][] {{3f}, {6f}, {9f}});
            assertTrue(logDensity[1] > logDensity[0], "log p(6) <= log p(3)");
            assertTrue(logDensity[1] > logDensity[2], "log p(6) <= log p(9)");
            // Normal(6, 0.7) has log-density −0.56 at its mean.
            assertEquals(-0.56, logDensity[1], 0.5);
        }
    }

    @Test
    void oldFaithfulFlowPrefersDataOverGap()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        Criteria<float[][], float[]> criteria =
                shipped(FlowZooProvider.OLD_FAITHFUL, float[][].class, float[].class);
        try (ZooModel<float[][], float[]> model = criteria.loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            // The two clusters sit near (2, 54) and (4.4, 80) minutes; (2, 80) lies between them.
            float[] logDensity =
                    predictor.predict(new float[][] {{2.0f, 54f}, {4.4f, 80f}, {2.0f, 80f}});
            for (float value : logDensity) {
                assertTrue(Float.isFinite(value), "log-density " + value);
            }
            assertTrue(logDensity[0] > logDensity[2], "short cluster is below the gap");
            assertTrue(logDensity[1] > logDensity[2], "long cluster is below the gap");
        }
    }

    @Test
    void oldFaithfulFlowSamplesInTwoDimensions()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        Criteria<SampleRequest, float[][]> criteria =
                shipped(FlowZooProvider.OLD_FAITHFUL, SampleRequest.class, float[][].class);
        try (ZooModel<SampleRequest, float[][]> model = criteria.loadModel();
                Predictor<SampleRequest, float[][]> predictor = model.newPredictor()) {
            float[][] points = predictor.predict(new SampleRequest(200, 3));
            assertEquals(200, points.length);
            double waiting = 0;
            for (float[] point : points) {
                assertEquals(2, point.length);
                waiting += point[1] / points.length;
            }
            // The data's mean waiting time is 70.9 minutes.
            assertEquals(70.9, waiting, 5);
        }
    }
}
