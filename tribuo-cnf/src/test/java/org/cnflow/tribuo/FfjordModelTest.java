// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.test.Helpers;

class FfjordModelTest {

    private static FfjordModel model() {
        return OldFaithful.fixture(OldFaithful.SPLIT_SEEDS[0]).model();
    }

    private static List<Example<LogDensity>> testExamples() {
        List<Example<LogDensity>> examples = new ArrayList<>();
        OldFaithful.fixture(OldFaithful.SPLIT_SEEDS[0]).test().forEach(examples::add);
        return examples;
    }

    private static double[] logDensities(List<Prediction<LogDensity>> predictions) {
        return predictions.stream().mapToDouble(p -> p.getOutput().getValue()).toArray();
    }

    private static Example<LogDensity> point(String[] names, double... values) {
        return new ArrayExample<>(LogDensity.UNKNOWN, names, values);
    }

    @Test
    void batchMatchesSinglePredictions() {
        List<Example<LogDensity>> examples = testExamples().subList(0, 5);
        double[] batch = logDensities(model().predict(examples));
        for (int i = 0; i < examples.size(); i++) {
            assertEquals(
                    batch[i],
                    model().predict(examples.get(i)).getOutput().getValue(),
                    1e-4,
                    "row " + i);
        }
    }

    @Test
    void protobufRoundTripKeepsPredictions() {
        List<Example<LogDensity>> examples = testExamples();
        Model<LogDensity> loaded =
                Helpers.testModelProtoSerialization(model(), LogDensity.class, examples);
        try {
            assertArrayEquals(
                    logDensities(model().predict(examples)),
                    logDensities(loaded.predict(examples)),
                    0.0);
        } finally {
            ((FfjordModel) loaded).close();
        }
    }

    @Test
    void fileRoundTripKeepsPredictions(@TempDir Path directory) throws Exception {
        List<Example<LogDensity>> examples = testExamples();
        Path file = directory.resolve("ffjord.tribuo");
        model().serializeToFile(file);
        try (FfjordModel loaded = (FfjordModel) Model.deserializeFromFile(file)) {
            assertEquals(model().getProvenance(), loaded.getProvenance());
            assertEquals(model().getFeatureNames(), loaded.getFeatureNames());
            assertArrayEquals(
                    logDensities(model().predict(examples)),
                    logDensities(loaded.predict(examples)),
                    0.0);
        }
    }

    @Test
    void javaSerializationIsRejected() throws Exception {
        ObjectOutputStream output = new ObjectOutputStream(new ByteArrayOutputStream());
        NotSerializableException error =
                assertThrows(NotSerializableException.class, () -> output.writeObject(model()));
        assertTrue(error.getMessage().contains("serializeToFile"), error.getMessage());
    }

    @Test
    void eightThreadsGetIdenticalResults() throws Exception {
        List<Example<LogDensity>> examples = testExamples();
        double[] expected = logDensities(model().predict(examples));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<double[]>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> logDensities(model().predict(examples)));
            }
            for (Future<double[]> result : pool.invokeAll(tasks)) {
                assertArrayEquals(expected, result.get(), 0.0);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void unknownFeaturesAreIgnoredAndCounted() {
        FfjordModel copy = (FfjordModel) model().copy();
        try {
            double plain =
                    copy.predict(point(new String[] {"eruptions", "waiting"}, 3.5, 70))
                            .getOutput()
                            .getValue();
            Prediction<LogDensity> extra =
                    copy.predict(
                            point(
                                    new String[] {"eruptions", "temperature", "waiting"},
                                    3.5,
                                    9,
                                    70));
            assertEquals(plain, extra.getOutput().getValue(), 0.0);
            assertEquals(2, extra.getNumActiveFeatures());
            assertEquals(1, copy.getUnknownFeatureCount());
        } finally {
            copy.close();
        }
    }

    @Test
    void exampleWithoutKnownFeatureIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> model().predict(point(new String[] {"temperature"}, 20)));
        assertTrue(error.getMessage().contains("Example 0"), error.getMessage());
        assertTrue(error.getMessage().contains("none of the model's features"), error.getMessage());
    }

    @Test
    void nanFeatureIsRejected() {
        List<Example<LogDensity>> examples =
                List.of(
                        point(new String[] {"eruptions", "waiting"}, 3.5, 70),
                        point(new String[] {"eruptions", "waiting"}, Double.NaN, 70));
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> model().predict(examples));
        assertTrue(error.getMessage().contains("Example 1"), error.getMessage());
        assertTrue(error.getMessage().contains("NaN"), error.getMessage());
        assertTrue(error.getMessage().contains("'eruptions'"), error.getMessage());
    }

    @Test
    void strictModeRejectsMissingFeature() {
        FfjordModel copy = (FfjordModel) model().copy();
        try {
            Example<LogDensity> partial = point(new String[] {"eruptions"}, 3.5);
            assertTrue(Double.isFinite(copy.predict(partial).getOutput().getValue()));
            copy.setStrict(true);
            IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> copy.predict(partial));
            assertTrue(error.getMessage().contains("'waiting'"), error.getMessage());
        } finally {
            copy.close();
        }
    }

    @Test
    void closedModelRejectsCalls() {
        FfjordModel copy = (FfjordModel) model().copy();
        Example<LogDensity> example = testExamples().get(0);
        copy.close();
        assertTrue(copy.isClosed());
        IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> copy.predict(example));
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> copy.sample(3, 1));
        assertThrows(IllegalStateException.class, copy::serialize);
        copy.close();
        assertFalse(model().isClosed());
    }

    @Test
    void copyPredictsLikeOriginal() {
        List<Example<LogDensity>> examples = testExamples();
        try (FfjordModel copy = (FfjordModel) model().copy()) {
            assertNotSame(model(), copy);
            assertArrayEquals(
                    logDensities(model().predict(examples)),
                    logDensities(copy.predict(examples)),
                    0.0);
        }
    }

    @Test
    void samplesUseFeatureNamesAndStayPlausible() {
        List<Example<LogDensity>> samples = model().sample(500, 42);
        assertEquals(500, samples.size());
        double eruptions = 0;
        double waiting = 0;
        for (Example<LogDensity> sample : samples) {
            assertEquals(2, sample.size());
            eruptions += sample.lookup("eruptions").getValue() / samples.size();
            waiting += sample.lookup("waiting").getValue() / samples.size();
        }
        // The data's means are about 3.49 and 70.9 minutes, with deviations 1.14 and 13.6.
        assertEquals(3.49, eruptions, 0.3);
        assertEquals(70.9, waiting, 3.0);
        assertEquals(
                samples.get(7).lookup("waiting").getValue(),
                model().sample(500, 42).get(7).lookup("waiting").getValue(),
                0.0);
    }

    @Test
    void noTopFeaturesOrExcuses() {
        assertTrue(model().getTopFeatures(5).isEmpty());
        assertTrue(model().getExcuse(testExamples().get(0)).isEmpty());
    }

    @Test
    void provenanceRecordsStagesAndValidation() {
        Map<String, ? extends Provenance> instance =
                model().getProvenance().getInstanceProvenance().getMap();
        ListProvenance<?> stages = (ListProvenance<?>) instance.get("stages");
        assertEquals(1, stages.getList().size());
        MapProvenance<?> adam = (MapProvenance<?>) stages.getList().get(0);
        assertEquals("Adam", adam.getMap().get("optimizer").toString());
        assertTrue(adam.getMap().containsKey("finalLoss"));
        assertTrue(adam.getMap().containsKey("losses"));
        MapProvenance<?> validation = (MapProvenance<?>) instance.get("validation");
        assertTrue(validation.getMap().containsKey("bestNegativeLogLikelihood"));
        Helpers.testProvenanceMarshalling(model().getProvenance());
        assertEquals(
                OldFaithful.fixture(OldFaithful.SPLIT_SEEDS[0]).training().getProvenance(),
                model().getProvenance().getDatasetProvenance());
    }

    @Test
    void twoThreadsTrainAtOnce() throws Exception {
        MutableDataset<LogDensity> data = FfjordTrainerConfigTest.smallDataset();
        FfjordTrainer trainer = FfjordTrainer.builder().hiddenSizes(8).adam(1e-2, 15).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<FfjordModel>> tasks =
                    List.of(() -> trainer.train(data), () -> trainer.train(data));
            for (Future<FfjordModel> future : pool.invokeAll(tasks)) {
                try (FfjordModel trained = future.get()) {
                    double[] values = logDensities(trained.predict(data));
                    for (double value : values) {
                        assertTrue(Double.isFinite(value));
                    }
                }
            }
            assertEquals(2, trainer.getInvocationCount());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sameSeedAndInvocationGiveSameModel() {
        MutableDataset<LogDensity> data = FfjordTrainerConfigTest.smallDataset();
        FfjordTrainer first = FfjordTrainer.builder().hiddenSizes(8).adam(1e-2, 10).build();
        FfjordTrainer second = FfjordTrainer.builder().hiddenSizes(8).adam(1e-2, 10).build();
        try (FfjordModel a = first.train(data);
                FfjordModel b = second.train(data)) {
            assertArrayEquals(logDensities(a.predict(data)), logDensities(b.predict(data)), 0.0);
        }
    }
}
