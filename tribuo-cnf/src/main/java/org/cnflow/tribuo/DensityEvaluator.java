// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.EvaluationProvenance;

/**
 * Evaluates density models by the mean negative log-likelihood of held-out examples.
 *
 * <p>This evaluator implements Tribuo's {@code Evaluator} directly, because Tribuo's {@code
 * AbstractEvaluator} rejects examples whose output is unknown, and density-estimation data usually
 * has no target. When examples carry a known true log-density as their output, the evaluation also
 * reports the mean absolute error of the predicted log-densities against it.
 */
public final class DensityEvaluator
        implements org.tribuo.evaluation.Evaluator<LogDensity, DensityEvaluation> {

    /** Creates an evaluator. */
    public DensityEvaluator() {}

    @Override
    public DensityEvaluation evaluate(Model<LogDensity> model, Dataset<LogDensity> dataset) {
        return evaluate(model, model.predict(dataset), dataset.getProvenance());
    }

    @Override
    public DensityEvaluation evaluate(Model<LogDensity> model, DataSource<LogDensity> source) {
        List<Example<LogDensity>> examples = new ArrayList<>();
        for (Example<LogDensity> example : source) {
            examples.add(example);
        }
        return evaluate(model, model.predict(examples), source.getProvenance());
    }

    /**
     * Computes the metrics of predictions, taking each true log-density from the prediction's
     * example.
     *
     * @param model the model that made the predictions
     * @param predictions one prediction per example, at least one
     * @param dataProvenance the provenance of the examples
     * @return the evaluation
     * @throws IllegalArgumentException if {@code predictions} is empty or a predicted log-density
     *     is unknown
     */
    @Override
    public DensityEvaluation evaluate(
            Model<LogDensity> model,
            List<Prediction<LogDensity>> predictions,
            DataProvenance dataProvenance) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("Cannot evaluate an empty list of predictions");
        }
        int dimension = model.getFeatureIDMap().size();
        double logDensitySum = 0;
        double absoluteErrorSum = 0;
        int knownCount = 0;
        for (int i = 0; i < predictions.size(); i++) {
            Prediction<LogDensity> prediction = predictions.get(i);
            LogDensity predicted = prediction.getOutput();
            if (predicted.isUnknown()) {
                throw new IllegalArgumentException(
                        "Prediction " + i + " has an unknown log-density: " + prediction);
            }
            logDensitySum += predicted.getValue();
            LogDensity truth = prediction.getExample().getOutput();
            if (!truth.isUnknown()) {
                absoluteErrorSum += Math.abs(predicted.getValue() - truth.getValue());
                knownCount++;
            }
        }

        double negativeLogLikelihood = -logDensitySum / predictions.size();
        double bitsPerDimension = negativeLogLikelihood / (dimension * Math.log(2));
        double meanAbsoluteError = knownCount == 0 ? Double.NaN : absoluteErrorSum / knownCount;
        return new DensityEvaluation(
                negativeLogLikelihood,
                bitsPerDimension,
                meanAbsoluteError,
                knownCount,
                predictions,
                new EvaluationProvenance(model.getProvenance(), dataProvenance));
    }

    @Override
    public String toString() {
        return "DensityEvaluator";
    }
}
