// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import java.util.Locale;

/**
 * Least-squares line through {@code (log x, log error)} pairs, the measured order of a convergence
 * study.
 *
 * @param slope the fitted slope, NaN when fewer than two points entered the fit
 * @param points how many pairs entered the fit
 */
record LogLogFit(double slope, int points) {

    /**
     * Fits the slope of {@code log(errors)} against {@code log(xs)} over the pairs whose error lies
     * in {@code [lowest, highest]}.
     *
     * @param xs positive step sizes or tolerances
     * @param errors positive errors, one per entry of {@code xs}
     * @param lowest the smallest error that enters the fit
     * @param highest the largest error that enters the fit
     * @return the slope and the number of pairs used
     */
    static LogLogFit fit(double[] xs, double[] errors, double lowest, double highest) {
        double sumX = 0;
        double sumY = 0;
        double sumXX = 0;
        double sumXY = 0;
        int points = 0;
        for (int i = 0; i < xs.length; i++) {
            if (errors[i] < lowest || errors[i] > highest) {
                continue;
            }
            double x = Math.log(xs[i]);
            double y = Math.log(errors[i]);
            sumX += x;
            sumY += y;
            sumXX += x * x;
            sumXY += x * y;
            points++;
        }
        if (points < 2) {
            return new LogLogFit(Double.NaN, points);
        }
        double slope = (points * sumXY - sumX * sumY) / (points * sumXX - sumX * sumX);
        return new LogLogFit(slope, points);
    }

    /** Fits the slope over every pair. */
    static LogLogFit fit(double[] xs, double[] errors) {
        return fit(xs, errors, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * Formats a table of pairs for the test output.
     *
     * @param xLabel the column name of {@code xs}
     * @param xs the abscissae
     * @param errors the errors
     * @return one line per pair
     */
    static String table(String xLabel, double[] xs, double[] errors) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "  %s = %-10.4g error = %.3e%n",
                            xLabel,
                            xs[i],
                            errors[i]));
        }
        return text.toString();
    }
}
