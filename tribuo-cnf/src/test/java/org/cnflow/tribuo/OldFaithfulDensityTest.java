// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class OldFaithfulDensityTest {

    @Test
    void flowBeatsGaussianOnHeldOutRows() {
        double flowSum = 0;
        double gaussianSum = 0;
        for (long seed : OldFaithful.SPLIT_SEEDS) {
            OldFaithful.Fixture fixture = OldFaithful.fixture(seed);
            DensityEvaluation evaluation =
                    new DensityEvaluator().evaluate(fixture.model(), fixture.test());
            double gaussian =
                    OldFaithful.gaussianTestNegativeLogLikelihood(
                            OldFaithful.rows(fixture.training()), OldFaithful.rows(fixture.test()));
            System.out.printf(
                    Locale.ROOT,
                    "split %d: flow test NLL %.4f, Gaussian %.4f, training %.1f s%n",
                    seed,
                    evaluation.getNegativeLogLikelihood(),
                    gaussian,
                    fixture.seconds());
            flowSum += evaluation.getNegativeLogLikelihood();
            gaussianSum += gaussian;
        }
        double flow = flowSum / OldFaithful.SPLIT_SEEDS.length;
        double gaussian = gaussianSum / OldFaithful.SPLIT_SEEDS.length;
        assertTrue(
                flow <= gaussian - 0.2,
                "mean flow test NLL " + flow + " is not 0.2 nats below the Gaussian's " + gaussian);
    }

    @Test
    void evaluatorReportsBitsPerDimension() {
        OldFaithful.Fixture fixture = OldFaithful.fixture(OldFaithful.SPLIT_SEEDS[0]);
        DensityEvaluation evaluation =
                new DensityEvaluator().evaluate(fixture.model(), fixture.test());
        assertEquals(
                evaluation.getNegativeLogLikelihood() / (2 * Math.log(2)),
                evaluation.getBitsPerDimension(),
                1e-12);
        assertEquals(fixture.test().size(), evaluation.getPredictions().size());
        assertTrue(Double.isNaN(evaluation.getMeanAbsoluteError()));
    }

    @Test
    void evaluatorMeasuresErrorAgainstKnownValues() {
        OldFaithful.Fixture fixture = OldFaithful.fixture(OldFaithful.SPLIT_SEEDS[0]);
        LogDensityFactory factory = new LogDensityFactory();
        MutableDataset<LogDensity> labelled =
                new MutableDataset<>(new SimpleDataSourceProvenance("labelled", factory), factory);
        for (Prediction<LogDensity> prediction : fixture.model().predict(fixture.test())) {
            // Each true value is 0.5 nats above the prediction, so the mean absolute error is 0.5.
            LogDensity truth = new LogDensity(prediction.getOutput().getValue() + 0.5);
            labelled.add(new ArrayExample<>(truth, prediction.getExample(), 1.0f));
        }
        DensityEvaluation evaluation = new DensityEvaluator().evaluate(fixture.model(), labelled);
        assertEquals(0.5, evaluation.getMeanAbsoluteError(), 1e-9);
        assertEquals(labelled.size(), evaluation.getKnownCount());
        assertEquals(0.5, evaluation.asMap().get(DensityEvaluation.MEAN_ABSOLUTE_ERROR), 1e-9);
    }
}
