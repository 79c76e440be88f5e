// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnflow.djl.flow.FfjordBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Republishes a flow under the same version and checks that DJL serves the new content, not its
 * cached copy of the old one.
 */
class RepublishTest {

    private static final String ARTIFACT_ID = "test-republish";
    private static final float[][] ROWS = {{-1f}, {0f}, {0.5f}, {2f}};

    @TempDir Path temporary;

    @AfterEach
    void clearCache() throws Exception {
        ZooCache.delete(ARTIFACT_ID);
    }

    private static FfjordBlock flowWithWeights(NDManager manager, float value) {
        FfjordBlock flow = ZooTesting.normalFlow(null);
        flow.initialize(manager, DataType.FLOAT32, new Shape(4, 1));
        for (Parameter parameter : flow.getVectorField().getParameters().values()) {
            parameter.getArray().muli(0).addi(value);
        }
        return flow;
    }

    private static float[] predictFromRepository(Path repository) throws Exception {
        FlowModelZoo zoo = new FlowModelZoo(Repository.newInstance("republish", repository));
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optModelZoo(zoo)
                        .optArtifactId(ARTIFACT_ID)
                        .build();
        try (ZooModel<float[][], float[]> model = criteria.loadModel();
                Predictor<float[][], float[]> predictor = model.newPredictor()) {
            return predictor.predict(ROWS);
        }
    }

    private static float[] predictDirectly(FfjordBlock flow, NDManager manager) {
        float[] values = new float[ROWS.length];
        for (int i = 0; i < ROWS.length; i++) {
            values[i] = ROWS[i][0];
        }
        return flow.logDensity(manager.create(values, new Shape(ROWS.length, 1)))
                .getLogDensity()
                .toFloatArray();
    }

    @Test
    void sameVersionServesNewContent() throws Exception {
        Path repository = temporary.resolve("repository");
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock first = flowWithWeights(manager, 0.1f);
            FfjordBlock second = flowWithWeights(manager, -0.2f);

            FlowExporter.PublishedFlow firstRelease =
                    FlowExporter.publish(first, repository, ARTIFACT_ID, "1.0.0", "First.");
            float[] firstLoaded = predictFromRepository(repository);
            assertArrayEquals(predictDirectly(first, manager), firstLoaded, 1e-6f);

            FlowExporter.PublishedFlow secondRelease =
                    FlowExporter.publish(second, repository, ARTIFACT_ID, "1.0.0", "Second.");
            assertNotEquals(firstRelease.name(), secondRelease.name());
            float[] secondLoaded = predictFromRepository(repository);
            assertArrayEquals(predictDirectly(second, manager), secondLoaded, 1e-6f);
            assertTrue(firstLoaded[0] != secondLoaded[0], "both releases predict the same");

            Path cache = ZooCache.artifactDirectory(ARTIFACT_ID).resolve("1.0.0");
            assertTrue(Files.isDirectory(cache.resolve(firstRelease.name())));
            assertTrue(Files.isDirectory(cache.resolve(secondRelease.name())));
        }
    }

    @Test
    void identicalContentKeepsName() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = flowWithWeights(manager, 0.3f);
            FlowExporter.PublishedFlow first =
                    FlowExporter.publish(flow, temporary.resolve("a"), ARTIFACT_ID, "2.0.0", "A.");
            FlowExporter.PublishedFlow second =
                    FlowExporter.publish(flow, temporary.resolve("b"), ARTIFACT_ID, "2.0.0", "B.");
            assertEquals(first.name(), second.name());
        }
    }

    @Test
    void otherVersionsStayListed() throws Exception {
        Path repository = temporary.resolve("repository");
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock older = flowWithWeights(manager, 0.1f);
            FfjordBlock newer = flowWithWeights(manager, -0.2f);
            FlowExporter.publish(older, repository, ARTIFACT_ID, "1.0.0", "Older.");
            FlowExporter.publish(newer, repository, ARTIFACT_ID, "1.1.0", "Newer.");
            FlowExporter.publish(older, repository, ARTIFACT_ID, "1.0.0", "Older again.");

            String metadata =
                    Files.readString(
                            repository
                                    .resolve(FlowModelZoo.repositoryPath(ARTIFACT_ID).getPath())
                                    .resolve("metadata.json"));
            assertTrue(metadata.contains("\"1.0.0\""), metadata);
            assertTrue(metadata.contains("\"1.1.0\""), metadata);
            // The zoo serves the highest version.
            assertArrayEquals(
                    predictDirectly(newer, manager), predictFromRepository(repository), 1e-6f);
        }
    }
}
