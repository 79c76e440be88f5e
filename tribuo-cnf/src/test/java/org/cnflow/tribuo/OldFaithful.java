// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.cnflow.tribuo.cli.GaussianBaseline;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.response.EmptyResponseProcessor;
import org.tribuo.data.csv.CSVDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Old Faithful data (272 rows of eruption and waiting times in minutes), its 80/20 splits and
 * one trained flow per split, shared by every test class in the JVM.
 */
final class OldFaithful {

    /** The seeds of the three train/test splits. */
    static final long[] SPLIT_SEEDS = {11L, 22L, 33L};

    private static final Map<Long, Fixture> FIXTURES = new ConcurrentHashMap<>();
    private static MutableDataset<LogDensity> all;

    private OldFaithful() {}

    /** A split, the flow trained on its training rows and the training time. */
    record Fixture(
            Dataset<LogDensity> training,
            Dataset<LogDensity> test,
            FfjordModel model,
            double seconds) {}

    /** Loads the CSV through Tribuo's columnar CSV source, with no response column. */
    static synchronized MutableDataset<LogDensity> load() {
        if (all == null) {
            try {
                Path path = Path.of(OldFaithful.class.getResource("/old-faithful.csv").toURI());
                LogDensityFactory factory = new LogDensityFactory();
                Map<String, FieldProcessor> fields =
                        Map.of(
                                "eruptions", new DoubleFieldProcessor("eruptions", true),
                                "waiting", new DoubleFieldProcessor("waiting", true));
                RowProcessor<LogDensity> rows =
                        new RowProcessor<>(new EmptyResponseProcessor<>(factory), fields);
                all = new MutableDataset<>(new CSVDataSource<>(path, rows, false));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** Splits the rows 80/20 after a shuffle with the seed; returns {training, test}. */
    static List<Dataset<LogDensity>> split(long seed) {
        MutableDataset<LogDensity> data = load();
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int trainingCount = (int) Math.round(0.8 * order.length);
        List<Example<LogDensity>> training = new ArrayList<>();
        List<Example<LogDensity>> test = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < trainingCount ? training : test).add(data.getExample(order[i]));
        }
        LogDensityFactory factory = new LogDensityFactory();
        return List.of(
                new MutableDataset<>(
                        training,
                        new SimpleDataSourceProvenance("old-faithful-train-" + seed, factory),
                        factory),
                new MutableDataset<>(
                        test,
                        new SimpleDataSourceProvenance("old-faithful-test-" + seed, factory),
                        factory));
    }

    /** The trainer of every Old Faithful fixture. */
    static FfjordTrainer trainer() {
        return FfjordTrainer.builder()
                .hiddenSizes(32, 32)
                .activation(FfjordTrainer.Activation.TANH)
                .timeDependent(true)
                .adam(1e-2, 400)
                .validation(0.15, 10, 8)
                .standardize(true)
                .seed(7L)
                .build();
    }

    /** Returns the fixture of a split, training its flow on first use. */
    static Fixture fixture(long seed) {
        return FIXTURES.computeIfAbsent(
                seed,
                key -> {
                    List<Dataset<LogDensity>> split = split(key);
                    long start = System.nanoTime();
                    FfjordModel model = trainer().train(split.get(0));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    return new Fixture(split.get(0), split.get(1), model, seconds);
                });
    }

    /** Reads the examples as dense rows in the model's feature order. */
    static double[][] rows(Dataset<LogDensity> dataset) {
        double[][] rows = new double[dataset.size()][2];
        for (int i = 0; i < dataset.size(); i++) {
            Example<LogDensity> example = dataset.getExample(i);
            rows[i][0] = example.lookup("eruptions").getValue();
            rows[i][1] = example.lookup("waiting").getValue();
        }
        return rows;
    }

    /**
     * Returns the mean negative log-likelihood of the test rows under the maximum-likelihood
     * Gaussian (mean and 1/n covariance) of the training rows, in nats.
     */
    static double gaussianTestNegativeLogLikelihood(double[][] training, double[][] test) {
        return GaussianBaseline.fit(training).meanNegativeLogLikelihood(test);
    }
}
