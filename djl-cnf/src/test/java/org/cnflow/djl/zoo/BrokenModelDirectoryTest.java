// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnflow.djl.flow.FfjordBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads model directories whose files are missing or contradict each other. */
class BrokenModelDirectoryTest {

    private static NDManager manager;
    private static FfjordBlock flow;

    @TempDir Path temporary;

    @BeforeAll
    static void buildFlow() {
        manager = NDManager.newBaseManager();
        flow = ZooTesting.normalFlow(null);
        flow.initialize(manager, DataType.FLOAT32, new Shape(4, 1));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static MalformedModelException loadFails(Path directory) {
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optModelPath(directory)
                        .optTranslatorFactory(new FlowTranslatorFactory())
                        .build();
        return assertThrows(MalformedModelException.class, criteria::loadModel);
    }

    private static void assertNames(MalformedModelException error, Path file) {
        assertTrue(
                error.getMessage().contains(file.toString()),
                "message does not name " + file + ": " + error.getMessage());
    }

    @Test
    void missingParametersNameTheFile() throws IOException {
        Path directory = FlowExporter.exportModel(flow, temporary.resolve("model"));
        Path parameters = directory.resolve(FlowModelFiles.PARAMETER_FILE);
        Files.delete(parameters);
        assertNames(loadFails(directory), parameters);
    }

    @Test
    void missingDescriptionNamesTheFile() throws IOException {
        Path directory = FlowExporter.exportModel(flow, temporary.resolve("model"));
        Path description = directory.resolve(FlowModelFiles.DESCRIPTION_FILE);
        Files.delete(description);
        assertNames(loadFails(directory), description);
    }

    @Test
    void widerHiddenLayerNamesTheParameterFile() throws IOException {
        Path directory = FlowExporter.exportModel(flow, temporary.resolve("model"));
        Path description = directory.resolve(FlowModelFiles.DESCRIPTION_FILE);
        String json = Files.readString(description);
        String wider =
                json.replaceFirst("\"hiddenSizes\": \\[\\s*3\\s*\\]", "\"hiddenSizes\": [4]");
        assertTrue(!wider.equals(json), "the test did not change the hidden size");
        Files.writeString(description, wider);
        MalformedModelException error = loadFails(directory);
        assertNames(error, directory.resolve(FlowModelFiles.PARAMETER_FILE));
        assertTrue(error.getMessage().contains("shape"), error.getMessage());
    }

    @Test
    void extraLayerNamesTheParameterFile() throws IOException {
        Path directory = FlowExporter.exportModel(flow, temporary.resolve("model"));
        Path description = directory.resolve(FlowModelFiles.DESCRIPTION_FILE);
        String json = Files.readString(description);
        String deeper =
                json.replaceFirst("\"hiddenSizes\": \\[\\s*3\\s*\\]", "\"hiddenSizes\": [3, 3]");
        Files.writeString(description, deeper);
        assertNames(loadFails(directory), directory.resolve(FlowModelFiles.PARAMETER_FILE));
    }

    @Test
    void invalidDescriptionNamesTheFile() throws IOException {
        Path directory = FlowExporter.exportModel(flow, temporary.resolve("model"));
        Path description = directory.resolve(FlowModelFiles.DESCRIPTION_FILE);
        Files.writeString(description, "{\"formatVersion\": 1}");
        MalformedModelException error = loadFails(directory);
        assertNames(error, description);
        assertTrue(error.getMessage().contains("dimension"), error.getMessage());
    }
}
