// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import java.util.List;
import java.util.Random;

/** Objectives with known minimizers for the optimizer and line search tests. */
final class TestFunctions {

    private TestFunctions() {}

    /**
     * The extended Rosenbrock function: the sum over pairs (x_{2i}, x_{2i+1}) of 100(x_{2i+1} −
     * x_{2i}²)² + (1 − x_{2i})². Its minimum 0 is at (1, …, 1).
     */
    static double rosenbrock(double[] x, double[] gradient) {
        double value = 0;
        for (int i = 0; i < x.length; i += 2) {
            double valley = x[i + 1] - x[i] * x[i];
            double offset = 1 - x[i];
            value += 100 * valley * valley + offset * offset;
            gradient[i] = -400 * x[i] * valley - 2 * offset;
            gradient[i + 1] = 200 * valley;
        }
        return value;
    }

    /** Returns (−1.2, 1, −1.2, 1, …), the standard start for the Rosenbrock function. */
    static double[] rosenbrockStart(int dimension) {
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i += 2) {
            start[i] = -1.2;
            start[i + 1] = 1;
        }
        return start;
    }

    /**
     * The quadratic ½xᵀAx − bᵀx with A = Q diag(λ) Qᵀ, where Q is a random orthogonal matrix and
     * the eigenvalues λ are spaced geometrically from 1 to the condition number.
     */
    static final class Quadratic implements DifferentiableFunction {

        final double[][] matrix;
        final double[] linear;
        final double[] minimizer;

        Quadratic(int dimension, double conditionNumber, long seed) {
            Random random = new Random(seed);
            double[][] q = randomOrthogonal(dimension, random);
            double[] eigenvalues = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                eigenvalues[i] = Math.pow(conditionNumber, i / (double) (dimension - 1));
            }
            linear = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                linear[i] = random.nextGaussian();
            }
            matrix = new double[dimension][dimension];
            double[][] inverse = new double[dimension][dimension];
            for (int i = 0; i < dimension; i++) {
                for (int j = 0; j < dimension; j++) {
                    for (int k = 0; k < dimension; k++) {
                        matrix[i][j] += q[i][k] * eigenvalues[k] * q[j][k];
                        inverse[i][j] += q[i][k] / eigenvalues[k] * q[j][k];
                    }
                }
            }
            minimizer = multiply(inverse, linear);
        }

        @Override
        public double evaluate(double[] x, double[] gradient) {
            double[] ax = multiply(matrix, x);
            double value = 0;
            for (int i = 0; i < x.length; i++) {
                value += 0.5 * x[i] * ax[i] - linear[i] * x[i];
                gradient[i] = ax[i] - linear[i];
            }
            return value;
        }

        private static double[] multiply(double[][] a, double[] x) {
            double[] product = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    product[i] += a[i][j] * x[j];
                }
            }
            return product;
        }

        /** Orthonormalizes the columns of a Gaussian matrix with modified Gram–Schmidt. */
        private static double[][] randomOrthogonal(int dimension, Random random) {
            double[][] columns = new double[dimension][dimension];
            for (int j = 0; j < dimension; j++) {
                for (int i = 0; i < dimension; i++) {
                    columns[j][i] = random.nextGaussian();
                }
                for (int k = 0; k < j; k++) {
                    double projection = Vectors.dot(columns[j], columns[k]);
                    for (int i = 0; i < dimension; i++) {
                        columns[j][i] -= projection * columns[k][i];
                    }
                }
                double norm = Math.sqrt(Vectors.dot(columns[j], columns[j]));
                for (int i = 0; i < dimension; i++) {
                    columns[j][i] /= norm;
                }
            }
            // Row i, column k of Q.
            double[][] q = new double[dimension][dimension];
            for (int i = 0; i < dimension; i++) {
                for (int k = 0; k < dimension; k++) {
                    q[i][k] = columns[k][i];
                }
            }
            return q;
        }
    }

    /** A one-dimensional function φ with its derivative. */
    interface ScalarFunction {
        double value(double alpha);

        double derivative(double alpha);
    }

    /**
     * One test problem of Moré and Thuente, "Line search algorithms with guaranteed sufficient
     * decrease", ACM TOMS 20(3), 1994: φ with the sufficient decrease parameter μ and curvature
     * parameter η used there.
     */
    record LineProblem(String name, ScalarFunction phi, double mu, double eta) {

        /** Returns the restriction of φ to the ray from 0 along +1. */
        LineFunction lineFunction() {
            DifferentiableFunction function =
                    (x, gradient) -> {
                        gradient[0] = phi.derivative(x[0]);
                        return phi.value(x[0]);
                    };
            return new LineFunction(
                    function,
                    new double[] {0},
                    phi.value(0),
                    new double[] {phi.derivative(0)},
                    new double[] {1});
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The initial steps α₀ of the paper's tables. */
    static final double[] PAPER_INITIAL_STEPS = {1e-3, 1e-1, 1e1, 1e3};

    /** Returns the six test problems of the paper with their parameters. */
    static List<LineProblem> moreThuenteProblems() {
        return List.of(
                new LineProblem("function 1 (beta = 2)", rational(2), 0.001, 0.1),
                new LineProblem("function 2 (beta = 0.004)", quintic(0.004), 0.1, 0.1),
                new LineProblem(
                        "function 3 (beta = 0.01, l = 39)", rippledAbsolute(0.01, 39), 0.1, 0.1),
                new LineProblem(
                        "function 4 (beta1 = 0.001, beta2 = 0.001)",
                        distanceSum(0.001, 0.001),
                        0.001,
                        0.001),
                new LineProblem(
                        "function 5 (beta1 = 0.01, beta2 = 0.001)",
                        distanceSum(0.01, 0.001),
                        0.001,
                        0.001),
                new LineProblem(
                        "function 6 (beta1 = 0.001, beta2 = 0.01)",
                        distanceSum(0.001, 0.01),
                        0.001,
                        0.001));
    }

    /** φ(α) = −α/(α² + β). */
    private static ScalarFunction rational(double beta) {
        return new ScalarFunction() {
            @Override
            public double value(double alpha) {
                return -alpha / (alpha * alpha + beta);
            }

            @Override
            public double derivative(double alpha) {
                double denominator = alpha * alpha + beta;
                return (alpha * alpha - beta) / (denominator * denominator);
            }
        };
    }

    /** φ(α) = (α + β)⁵ − 2(α + β)⁴. */
    private static ScalarFunction quintic(double beta) {
        return new ScalarFunction() {
            @Override
            public double value(double alpha) {
                double t = alpha + beta;
                return Math.pow(t, 5) - 2 * Math.pow(t, 4);
            }

            @Override
            public double derivative(double alpha) {
                double t = alpha + beta;
                return 5 * Math.pow(t, 4) - 8 * Math.pow(t, 3);
            }
        };
    }

    /**
     * φ(α) = φ₀(α) + 2(1 − β)/(lπ) · sin(lπα/2), where φ₀ is 1 − α below 1 − β, α − 1 above 1 + β,
     * and (α − 1)²/(2β) + β/2 between.
     */
    private static ScalarFunction rippledAbsolute(double beta, double l) {
        return new ScalarFunction() {
            @Override
            public double value(double alpha) {
                double base;
                if (alpha <= 1 - beta) {
                    base = 1 - alpha;
                } else if (alpha >= 1 + beta) {
                    base = alpha - 1;
                } else {
                    base = (alpha - 1) * (alpha - 1) / (2 * beta) + beta / 2;
                }
                return base + 2 * (1 - beta) / (l * Math.PI) * Math.sin(l * Math.PI * alpha / 2);
            }

            @Override
            public double derivative(double alpha) {
                double base;
                if (alpha <= 1 - beta) {
                    base = -1;
                } else if (alpha >= 1 + beta) {
                    base = 1;
                } else {
                    base = (alpha - 1) / beta;
                }
                return base + (1 - beta) * Math.cos(l * Math.PI * alpha / 2);
            }
        };
    }

    /** φ(α) = γ(β₁)√((1 − α)² + β₂²) + γ(β₂)√(α² + β₁²) with γ(β) = √(1 + β²) − β. */
    private static ScalarFunction distanceSum(double beta1, double beta2) {
        double gamma1 = Math.sqrt(1 + beta1 * beta1) - beta1;
        double gamma2 = Math.sqrt(1 + beta2 * beta2) - beta2;
        return new ScalarFunction() {
            @Override
            public double value(double alpha) {
                return gamma1 * Math.sqrt((1 - alpha) * (1 - alpha) + beta2 * beta2)
                        + gamma2 * Math.sqrt(alpha * alpha + beta1 * beta1);
            }

            @Override
            public double derivative(double alpha) {
                return gamma1 * (alpha - 1) / Math.sqrt((1 - alpha) * (1 - alpha) + beta2 * beta2)
                        + gamma2 * alpha / Math.sqrt(alpha * alpha + beta1 * beta1);
            }
        };
    }

    /** Returns (x − 1)² for x ≤ 1.2 in one dimension, and NaN with a NaN gradient beyond. */
    static double nanBeyond(double[] x, double[] gradient) {
        if (x[0] > 1.2) {
            gradient[0] = Double.NaN;
            return Double.NaN;
        }
        gradient[0] = 2 * (x[0] - 1);
        return (x[0] - 1) * (x[0] - 1);
    }

    /** Returns 1 − x with slope −1 at x = 0 in one dimension, and NaN everywhere else. */
    static double finiteOnlyAtZero(double[] x, double[] gradient) {
        if (x[0] != 0) {
            gradient[0] = Double.NaN;
            return Double.NaN;
        }
        gradient[0] = -1;
        return 1;
    }

    /** The offset of {@link #risingShoulder}, so large that ε|f| = 1 for ε = 1e-6. */
    static final double SHOULDER_OFFSET = 1e6;

    /**
     * Returns 10⁶ + p(x) with p(x) = −x + 4x² − 3.5x³ + x⁴ in one dimension.
     *
     * <p>From x = 0, where p' = −1, a unit step reaches x = 1 with p = 0.5 and p' = 0.5. That point
     * raises f by 0.5 but satisfies the approximate Wolfe conditions with δ = 0.1, σ = 0.9 and ε =
     * 1e-6. The minimizer of p lies near x = 0.15.
     */
    static double risingShoulder(double[] x, double[] gradient) {
        double t = x[0];
        gradient[0] = -1 + 8 * t - 10.5 * t * t + 4 * t * t * t;
        return SHOULDER_OFFSET + (-t + 4 * t * t - 3.5 * t * t * t + t * t * t * t);
    }
}
