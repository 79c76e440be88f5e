// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

/** Small dense matrix helpers in double precision for closed-form test values. */
final class LinearAlgebra {

    private LinearAlgebra() {}

    /** Returns {@code exp(m)} by scaling and squaring with a 30-term Taylor series. */
    static double[][] expm(double[][] m) {
        int n = m.length;
        double norm = 0;
        for (double[] row : m) {
            double sum = 0;
            for (double value : row) {
                sum += Math.abs(value);
            }
            norm = Math.max(norm, sum);
        }
        int squarings =
                Math.max(0, (int) Math.ceil(Math.log(Math.max(norm, 1e-300)) / Math.log(2)) + 1);
        double scale = Math.pow(2, -squarings);
        double[][] scaled = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                scaled[i][j] = m[i][j] * scale;
            }
        }
        double[][] result = identity(n);
        double[][] term = identity(n);
        for (int k = 1; k <= 30; k++) {
            term = multiply(term, scaled);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    term[i][j] /= k;
                    result[i][j] += term[i][j];
                }
            }
        }
        for (int s = 0; s < squarings; s++) {
            result = multiply(result, result);
        }
        return result;
    }

    static double[][] identity(int n) {
        double[][] identity = new double[n][n];
        for (int i = 0; i < n; i++) {
            identity[i][i] = 1;
        }
        return identity;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] product = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < m; j++) {
                    product[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return product;
    }

    static double[] apply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    static double trace(double[][] a) {
        double trace = 0;
        for (int i = 0; i < a.length; i++) {
            trace += a[i][i];
        }
        return trace;
    }

    /** Returns {@code log N(z; 0, I)}. */
    static double standardNormalLogDensity(double[] z) {
        double sum = 0;
        for (double value : z) {
            sum += value * value;
        }
        return -0.5 * sum - 0.5 * z.length * Math.log(2 * Math.PI);
    }
}
