// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.cli;

/**
 * A maximum-likelihood multivariate normal (sample mean, covariance with divisor n) fitted to
 * training rows, the reference a flow's negative log-likelihood is compared with.
 */
public final class GaussianBaseline {

    private final double[] mean;
    private final double[][] lower;
    private final double logDeterminant;

    private GaussianBaseline(double[] mean, double[][] lower, double logDeterminant) {
        this.mean = mean;
        this.lower = lower;
        this.logDeterminant = logDeterminant;
    }

    /**
     * Fits the normal to rows of equal length.
     *
     * @param rows the training rows, at least one
     * @return the fitted normal
     * @throws IllegalArgumentException if the covariance is not positive definite, for example when
     *     a feature is constant
     */
    public static GaussianBaseline fit(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / rows.length;
            }
        }
        double[][] covariance = new double[d][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    covariance[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / rows.length;
                }
            }
        }

        // Cholesky factor L with covariance = L Lᵀ; log det = 2 Σ log Lᵢᵢ.
        double[][] lower = new double[d][d];
        double logDeterminant = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = covariance[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= lower[i][k] * lower[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new IllegalArgumentException(
                                "The training covariance is not positive definite at feature "
                                        + i
                                        + ": the Gaussian baseline needs non-constant features");
                    }
                    lower[i][i] = Math.sqrt(sum);
                    logDeterminant += 2 * Math.log(lower[i][i]);
                } else {
                    lower[i][j] = sum / lower[j][j];
                }
            }
        }
        return new GaussianBaseline(mean, lower, logDeterminant);
    }

    /**
     * Computes the mean negative log-likelihood of rows, in nats.
     *
     * @param rows rows of the fitted dimension
     * @return the mean of −log p(x) over the rows
     */
    public double meanNegativeLogLikelihood(double[][] rows) {
        int d = mean.length;
        double total = 0;
        for (double[] row : rows) {
            // Solve L y = x − μ by forward substitution; the Mahalanobis distance is |y|².
            double[] y = new double[d];
            double squared = 0;
            for (int i = 0; i < d; i++) {
                double sum = row[i] - mean[i];
                for (int k = 0; k < i; k++) {
                    sum -= lower[i][k] * y[k];
                }
                y[i] = sum / lower[i][i];
                squared += y[i] * y[i];
            }
            total += 0.5 * (d * Math.log(2 * Math.PI) + logDeterminant + squared);
        }
        return total / rows.length;
    }
}
