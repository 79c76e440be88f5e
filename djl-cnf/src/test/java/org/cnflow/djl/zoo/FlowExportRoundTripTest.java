// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnflow.djl.flow.FfjordBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a trained flow and loads it back through {@link Criteria} by model path, by file URL and
 * through a {@link FlowModelZoo} over a local repository.
 */
class FlowExportRoundTripTest {

    private static final String ARTIFACT_ID = "test-round-trip";

    /** Rows evaluated by the block and by every loaded model, in one batch and point by point. */
    private static final float[][] ROWS = {{4.5f}, {5.2f}, {5.9f}, {6.0f}, {6.4f}, {7.1f}, {8.0f}};

    @TempDir static Path temporary;

    private static NDManager manager;
    private static FfjordBlock flow;
    private static float[] expected;
    private static Path modelDirectory;
    private static Path repository;

    @BeforeAll
    static void exportTrainedFlow() throws IOException {
        manager = NDManager.newBaseManager();
        flow = ZooTesting.trainSmallNormalFlow(manager);
        expected = logDensities(flow, ROWS);
        modelDirectory = FlowExporter.exportModel(flow, temporary.resolve("model"));
        repository = temporary.resolve("repository");
        FlowExporter.publish(flow, repository, ARTIFACT_ID, "1.0.0", "Round-trip test flow.");
    }

    @AfterAll
    static void closeAndClearCache() throws IOException {
        manager.close();
        ZooCache.delete(ARTIFACT_ID);
    }

    static float[] logDensities(FfjordBlock block, float[][] rows) {
        try (NDManager scope = manager.newSubManager()) {
            float[] values = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                values[i] = rows[i][0];
            }
            NDArray x = scope.create(values, new Shape(rows.length, 1));
            return block.logDensity(x).getLogDensity().toFloatArray();
        }
    }

    private static <I, O> Criteria.Builder<I, O> byPath(Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optModelPath(modelDirectory)
                .optTranslatorFactory(new FlowTranslatorFactory());
    }

    @Test
    void exportWritesTheModelFiles() {
        assertTrue(Files.isRegularFile(modelDirectory.resolve(FlowModelFiles.PARAMETER_FILE)));
        assertTrue(Files.isRegularFile(modelDirectory.resolve(FlowModelFiles.DESCRIPTION_FILE)));
        assertTrue(Files.isRegularFile(modelDirectory.resolve(FlowModelFiles.SERVING_PROPERTIES)));
    }

    @Test
    void descriptionSurvivesJson() throws IOException {
        FlowDescription described = FlowDescription.describe(flow);
        String text = Files.readString(modelDirectory.resolve(FlowModelFiles.DESCRIPTION_FILE));
        FlowDescription read =
                FlowDescription.fromJson(JsonParser.parseString(text).getAsJsonObject());
        assertEquals(described, read);
    }

    @Test
    void modelPathMatchesBlock()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        try (ZooModel<float[][], float[]> model =
                        byPath(float[][].class, float[].class).build().loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            assertArrayEquals(expected, predictor.predict(ROWS), 1e-6f);
        }
    }

    @Test
    void fileUrlMatchesBlock()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optModelUrls(modelDirectory.toUri().toString())
                        .optTranslatorFactory(new FlowTranslatorFactory())
                        .build();
        try (ZooModel<float[][], float[]> model = criteria.loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            assertArrayEquals(expected, predictor.predict(ROWS), 1e-6f);
        }
    }

    @Test
    void fileUrlQueryNamesTranslatorFactory()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        String url =
                modelDirectory.toUri()
                        + "?translatorFactory="
                        + FlowTranslatorFactory.class.getName();
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optModelUrls(url)
                        .build();
        try (ZooModel<float[][], float[]> model = criteria.loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            assertArrayEquals(expected, predictor.predict(ROWS), 1e-6f);
        }
    }

    @Test
    void localRepositoryZooMatchesBlock()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        FlowModelZoo zoo = new FlowModelZoo(Repository.newInstance("test", repository));
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optModelZoo(zoo)
                        .optGroupId(FlowModelZoo.GROUP_ID)
                        .optArtifactId(ARTIFACT_ID)
                        .build();
        try (ZooModel<float[][], float[]> model = criteria.loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            assertArrayEquals(expected, predictor.predict(ROWS), 1e-6f);
        }
    }

    @Test
    void pointTranslatorAgreesWithBatch()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        try (ZooModel<float[], Float> model =
                        byPath(float[].class, Float.class).build().loadModel();
                Predictor<float[], Float> predictor = model.newPredictor()) {
            for (int i = 0; i < ROWS.length; i++) {
                // A lone point takes other adaptive steps than the batch, so the two results differ
                // within the default tolerances, abstol 1e-6 and reltol 1e-3.
                assertEquals(expected[i], predictor.predict(ROWS[i]), 5e-3, "row " + i);
            }
        }
    }

    @Test
    void ndListTranslatorReturnsLogDensityAndLatent()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        try (ZooModel<NDList, NDList> model =
                        byPath(NDList.class, NDList.class).build().loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager scope = manager.newSubManager()) {
            float[] values = new float[ROWS.length];
            for (int i = 0; i < ROWS.length; i++) {
                values[i] = ROWS[i][0];
            }
            NDList output =
                    predictor.predict(new NDList(scope.create(values, new Shape(ROWS.length, 1))));
            assertEquals(2, output.size());
            assertArrayEquals(expected, output.get(0).toFloatArray(), 1e-6f);
            assertEquals(new Shape(ROWS.length, 1), output.get(1).getShape());
        }
    }

    @Test
    void samplesWithSameSeedAreEqual()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        float[] direct;
        try (NDManager scope = manager.newSubManager()) {
            direct = flow.sample(scope, 50, 17).toFloatArray();
        }
        try (ZooModel<SampleRequest, float[][]> model =
                        byPath(SampleRequest.class, float[][].class).build().loadModel();
                Predictor<SampleRequest, float[][]> predictor = model.newPredictor()) {
            float[][] first = predictor.predict(new SampleRequest(50, 17));
            float[][] second = predictor.predict(new SampleRequest(50, 17));
            float[][] other = predictor.predict(new SampleRequest(50, 18));
            assertEquals(50, first.length);
            for (int i = 0; i < first.length; i++) {
                assertArrayEquals(first[i], second[i], "sample " + i);
                assertEquals(direct[i], first[i][0], 1e-6f, "sample " + i);
            }
            assertTrue(first[0][0] != other[0][0], "seeds 17 and 18 gave the same first sample");
        }
    }
}
