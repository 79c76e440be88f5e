// SPDX-License-Identifier: Apache-2.0
package org.cnflow.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnflow.djl.zoo.FlowTranslatorFactory;
import org.cnflow.djl.zoo.SampleRequest;
import org.cnflow.tribuo.FfjordModel;
import org.cnflow.tribuo.FfjordTrainer;
import org.cnflow.tribuo.LogDensity;
import org.cnflow.tribuo.LogDensityFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.response.EmptyResponseProcessor;
import org.tribuo.data.csv.CSVDataSource;

/**
 * Trains a flow on Old Faithful with the Tribuo trainer, exports it as a DJL model directory and
 * loads it back through {@link Criteria} in the same JVM.
 */
class TribuoExportIT {

    private static MutableDataset<LogDensity> data;
    private static FfjordModel model;
    private static Path directory;
    private static float[][] rows;

    @BeforeAll
    static void trainAndExport() throws Exception {
        Path csv = Path.of(TribuoExportIT.class.getResource("/old-faithful.csv").toURI());
        LogDensityFactory factory = new LogDensityFactory();
        Map<String, FieldProcessor> fields =
                Map.of(
                        "eruptions", new DoubleFieldProcessor("eruptions", true),
                        "waiting", new DoubleFieldProcessor("waiting", true));
        RowProcessor<LogDensity> processor =
                new RowProcessor<>(new EmptyResponseProcessor<>(factory), fields);
        data = new MutableDataset<>(new CSVDataSource<>(csv, processor, false));
        model =
                FfjordTrainer.builder()
                        .hiddenSizes(16, 16)
                        .timeDependent(true)
                        .adam(1e-2, 150)
                        .standardize(true)
                        .seed(3L)
                        .build()
                        .train(data);
        directory = Files.createTempDirectory("old-faithful-flow");
        model.exportToDjl(directory);

        List<String> names = model.getFeatureNames();
        rows = new float[data.size()][names.size()];
        for (int i = 0; i < data.size(); i++) {
            Example<LogDensity> example = data.getExample(i);
            for (Feature feature : example) {
                rows[i][names.indexOf(feature.getName())] = (float) feature.getValue();
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static <I, O> Criteria<I, O> criteria(Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optModelPath(directory)
                .optTranslatorFactory(new FlowTranslatorFactory())
                .build();
    }

    private static float[] tribuoLogDensities() {
        List<Prediction<LogDensity>> predictions = model.predict(data);
        float[] values = new float[predictions.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) predictions.get(i).getOutput().getValue();
        }
        return values;
    }

    @Test
    void batchedDensitiesMatchTribuoModel() throws Exception {
        try (ZooModel<float[][], float[]> loaded =
                        criteria(float[][].class, float[].class).loadModel();
                Predictor<float[][], float[]> predictor = loaded.newPredictor()) {
            assertArrayEquals(tribuoLogDensities(), predictor.predict(rows), 1e-6f);
        }
    }

    @Test
    void onePointDensitiesAgreeWithBatch() throws Exception {
        float[] batched = tribuoLogDensities();
        try (ZooModel<float[], Float> loaded = criteria(float[].class, Float.class).loadModel();
                Predictor<float[], Float> predictor = loaded.newPredictor()) {
            for (int i = 0; i < rows.length; i += 17) {
                assertEquals(batched[i], predictor.predict(rows[i]), 5e-3, "row " + i);
            }
        }
    }

    @Test
    void samplesWithSameSeedMatchTribuoModel() throws Exception {
        List<Example<LogDensity>> expected = model.sample(50, 11);
        try (ZooModel<SampleRequest, float[][]> loaded =
                        criteria(SampleRequest.class, float[][].class).loadModel();
                Predictor<SampleRequest, float[][]> predictor = loaded.newPredictor()) {
            float[][] samples = predictor.predict(new SampleRequest(50, 11));
            List<String> names = model.getFeatureNames();
            for (int i = 0; i < samples.length; i++) {
                for (Feature feature : expected.get(i)) {
                    int column = names.indexOf(feature.getName());
                    assertEquals(feature.getValue(), samples[i][column], 1e-5, "sample " + i);
                }
            }
        }
    }
}
