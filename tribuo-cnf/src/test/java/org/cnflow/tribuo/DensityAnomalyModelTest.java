// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.evaluation.AnomalyEvaluation;
import org.tribuo.anomaly.evaluation.AnomalyEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.test.Helpers;

class DensityAnomalyModelTest {

    private static final String[] NAMES = {"eruptions", "waiting"};

    private static OldFaithful.Fixture fixture;
    private static DensityAnomalyModel detector;

    @BeforeAll
    static void createDetector() {
        fixture = OldFaithful.fixture(OldFaithful.SPLIT_SEEDS[0]);
        detector = DensityAnomalyModel.fromTrainingData(fixture.model(), fixture.training(), 0.01);
    }

    @AfterAll
    static void closeDetector() {
        detector.close();
    }

    /** Twenty points at least 6 training standard deviations from the mean in each feature. */
    private static List<Example<Event>> farPoints() {
        double[][] rows = OldFaithful.rows(fixture.training());
        double[] mean = new double[2];
        double[] deviation = new double[2];
        for (double[] row : rows) {
            for (int j = 0; j < 2; j++) {
                mean[j] += row[j] / rows.length;
            }
        }
        for (double[] row : rows) {
            for (int j = 0; j < 2; j++) {
                deviation[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.length;
            }
        }
        List<Example<Event>> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double angle = 2 * Math.PI * i / 20;
            double distance = 6 + (i % 4);
            double[] values = new double[2];
            for (int j = 0; j < 2; j++) {
                double direction = j == 0 ? Math.cos(angle) : Math.sin(angle);
                double sign = direction >= 0 ? 1 : -1;
                values[j] = mean[j] + sign * distance * Math.sqrt(deviation[j]);
            }
            points.add(new ArrayExample<>(AnomalyFactory.ANOMALOUS_EVENT, NAMES, values));
        }
        return points;
    }

    private static List<Example<Event>> heldOutRows() {
        List<Example<Event>> rows = new ArrayList<>();
        for (Example<LogDensity> example : fixture.test()) {
            rows.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, example, 1.0f));
        }
        return rows;
    }

    private static long anomalies(List<Prediction<Event>> predictions) {
        return predictions.stream()
                .filter(p -> p.getOutput().getType() == Event.EventType.ANOMALOUS)
                .count();
    }

    @Test
    void flagsDistantPoints() {
        long flagged = anomalies(detector.predict(farPoints()));
        System.out.printf("anomaly detector flags %d of 20 distant points%n", flagged);
        assertTrue(flagged >= 18, flagged + " of 20 distant points flagged");
    }

    @Test
    void flagsFewHeldOutRows() {
        List<Example<Event>> rows = heldOutRows();
        long flagged = anomalies(detector.predict(rows));
        System.out.printf("anomaly detector flags %d of %d held-out rows%n", flagged, rows.size());
        assertTrue(flagged <= 0.2 * rows.size(), flagged + " of " + rows.size() + " rows flagged");
    }

    @Test
    void anomalyEvaluatorAcceptsPredictions() {
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<Event> data =
                new MutableDataset<>(new SimpleDataSourceProvenance("mixed", factory), factory);
        data.addAll(farPoints());
        data.addAll(heldOutRows());
        AnomalyEvaluation evaluation = new AnomalyEvaluator().evaluate(detector, data);
        assertEquals(data.size(), evaluation.getPredictions().size());
        assertTrue(evaluation.getTruePositives() >= 18, evaluation.confusionString());
        assertTrue(evaluation.getRecall() >= 0.9, evaluation.confusionString());
    }

    @Test
    void thresholdIsTrainingQuantile() {
        Dataset<LogDensity> training = fixture.training();
        double[] values =
                fixture.model().predict(training).stream()
                        .mapToDouble(p -> p.getOutput().getValue())
                        .toArray();
        long below =
                java.util.Arrays.stream(values).filter(v -> v < detector.getThreshold()).count();
        assertTrue(below <= Math.ceil(0.01 * values.length), below + " training rows below");
        assertEquals(0.01, detector.getQuantile());
    }

    @Test
    void quantileOutsideUnitIntervalIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        DensityAnomalyModel.fromTrainingData(
                                fixture.model(), fixture.training(), 1.0));
    }

    @Test
    void protobufRoundTripKeepsEvents() {
        List<Example<Event>> examples = farPoints();
        examples.addAll(heldOutRows());
        Model<Event> loaded = Helpers.testModelProtoSerialization(detector, Event.class, examples);
        try {
            double[] expected =
                    detector.predict(examples).stream()
                            .mapToDouble(p -> p.getOutput().getScore())
                            .toArray();
            double[] actual =
                    loaded.predict(examples).stream()
                            .mapToDouble(p -> p.getOutput().getScore())
                            .toArray();
            assertArrayEquals(expected, actual, 0.0);
        } finally {
            ((DensityAnomalyModel) loaded).close();
        }
    }
}
