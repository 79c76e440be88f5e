// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.Prediction;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.provenance.EvaluationProvenance;

/**
 * The metrics of a density model on a set of examples, from {@link DensityEvaluator}.
 *
 * <p>The mean negative log-likelihood is in nats per example; bits per dimension divide it by
 * {@code d ln 2}, where d is the model's number of features.
 */
public final class DensityEvaluation implements Evaluation<LogDensity> {

    private static final MetricTarget<LogDensity> TARGET =
            new MetricTarget<>(LogDensityInfo.DOMAIN_MEMBER);

    /** The metric id of the mean negative log-likelihood. */
    public static final MetricID<LogDensity> NEGATIVE_LOG_LIKELIHOOD =
            new MetricID<>(TARGET, "NegativeLogLikelihood");

    /** The metric id of bits per dimension. */
    public static final MetricID<LogDensity> BITS_PER_DIMENSION =
            new MetricID<>(TARGET, "BitsPerDimension");

    /** The metric id of the mean absolute error against known true log-densities. */
    public static final MetricID<LogDensity> MEAN_ABSOLUTE_ERROR =
            new MetricID<>(TARGET, "MeanAbsoluteError");

    private final double negativeLogLikelihood;
    private final double bitsPerDimension;
    private final double meanAbsoluteError;
    private final int knownCount;
    private final List<Prediction<LogDensity>> predictions;
    private final EvaluationProvenance provenance;

    DensityEvaluation(
            double negativeLogLikelihood,
            double bitsPerDimension,
            double meanAbsoluteError,
            int knownCount,
            List<Prediction<LogDensity>> predictions,
            EvaluationProvenance provenance) {
        this.negativeLogLikelihood = negativeLogLikelihood;
        this.bitsPerDimension = bitsPerDimension;
        this.meanAbsoluteError = meanAbsoluteError;
        this.knownCount = knownCount;
        this.predictions = List.copyOf(predictions);
        this.provenance = provenance;
    }

    /**
     * Returns the mean negative log-likelihood.
     *
     * @return {@code -mean log p(x)} in nats
     */
    public double getNegativeLogLikelihood() {
        return negativeLogLikelihood;
    }

    /**
     * Returns the mean negative log-likelihood in bits per feature.
     *
     * @return {@code NLL / (d ln 2)}
     */
    public double getBitsPerDimension() {
        return bitsPerDimension;
    }

    /**
     * Returns the mean absolute error of predicted log-densities against the examples' known true
     * log-densities.
     *
     * @return the error in nats, or NaN if no example has a known log-density
     */
    public double getMeanAbsoluteError() {
        return meanAbsoluteError;
    }

    /**
     * Returns the number of examples with a known true log-density.
     *
     * @return the count behind {@link #getMeanAbsoluteError()}
     */
    public int getKnownCount() {
        return knownCount;
    }

    /**
     * Returns the metrics by id; the mean absolute error is present only when some example had a
     * known log-density.
     *
     * @return the metrics
     */
    @Override
    public Map<MetricID<LogDensity>, Double> asMap() {
        if (knownCount == 0) {
            return Map.of(
                    NEGATIVE_LOG_LIKELIHOOD, negativeLogLikelihood,
                    BITS_PER_DIMENSION, bitsPerDimension);
        }
        return Map.of(
                NEGATIVE_LOG_LIKELIHOOD, negativeLogLikelihood,
                BITS_PER_DIMENSION, bitsPerDimension,
                MEAN_ABSOLUTE_ERROR, meanAbsoluteError);
    }

    @Override
    public List<Prediction<LogDensity>> getPredictions() {
        return predictions;
    }

    @Override
    public EvaluationProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        String text =
                String.format(
                        Locale.ROOT,
                        "DensityEvaluation(examples=%d, NLL=%.6f nats, %.6f bits/dim",
                        predictions.size(),
                        negativeLogLikelihood,
                        bitsPerDimension);
        if (knownCount > 0) {
            text += String.format(Locale.ROOT, ", MAE=%.6f over %d", meanAbsoluteError, knownCount);
        }
        return text + ")";
    }
}
