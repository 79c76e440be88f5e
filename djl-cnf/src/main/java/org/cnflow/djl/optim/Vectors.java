// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/** Dense vector kernels over {@code double[]} shared by the optimizer and the line searches. */
final class Vectors {

    private Vectors() {}

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Returns max |a_i|, or NaN when an entry is NaN. */
    static double maxNorm(double[] a) {
        double max = 0;
        for (double value : a) {
            if (Double.isNaN(value)) {
                return Double.NaN;
            }
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    /** Returns the Euclidean norm, scaled by the largest entry so that squares cannot overflow. */
    static double euclideanNorm(double[] a) {
        double scale = maxNorm(a);
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        for (double value : a) {
            double scaled = value / scale;
            sum += scaled * scaled;
        }
        return scale * Math.sqrt(sum);
    }

    static boolean allFinite(double[] a) {
        for (double value : a) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** Returns a − b. */
    static double[] subtract(double[] a, double[] b) {
        double[] difference = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            difference[i] = a[i] - b[i];
        }
        return difference;
    }
}
