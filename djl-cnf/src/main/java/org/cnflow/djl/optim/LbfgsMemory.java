// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/**
 * The last m correction pairs (s, y) of L-BFGS and the two-loop recursion that applies the inverse
 * Hessian approximation they define (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithm
 * 7.4).
 */
final class LbfgsMemory {

    /**
     * A pair is stored only when sᵀy &gt; CURVATURE_EPSILON · yᵀy, which keeps every ρ = 1/sᵀy
     * positive and the scaling γ = sᵀy/yᵀy above rounding level, so the approximation stays
     * positive definite. The value is the double-precision machine epsilon.
     */
    static final double CURVATURE_EPSILON = Math.ulp(1.0);

    private final double[][] steps;
    private final double[][] gradientChanges;
    private final double[] inverseCurvatures;
    private int size;
    private int newest = -1;

    LbfgsMemory(int capacity) {
        steps = new double[capacity][];
        gradientChanges = new double[capacity][];
        inverseCurvatures = new double[capacity];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        newest = -1;
    }

    /**
     * Stores the pair s = x_{k+1} − x_k and y = ∇f_{k+1} − ∇f_k, dropping the oldest pair when
     * full, unless it fails the curvature test.
     *
     * @return whether the pair was stored
     */
    boolean add(double[] step, double[] gradientChange) {
        double curvature = Vectors.dot(step, gradientChange);
        double gradientChangeSquared = Vectors.dot(gradientChange, gradientChange);
        if (!(curvature > CURVATURE_EPSILON * gradientChangeSquared)
                || !Double.isFinite(curvature)
                || !Double.isFinite(gradientChangeSquared)) {
            return false;
        }
        newest = (newest + 1) % steps.length;
        steps[newest] = step;
        gradientChanges[newest] = gradientChange;
        inverseCurvatures[newest] = 1 / curvature;
        size = Math.min(size + 1, steps.length);
        return true;
    }

    /**
     * Returns the quasi-Newton direction −H∇f, where H starts from γI with γ = sᵀy/yᵀy of the
     * newest pair. With no pairs stored this is −∇f.
     */
    double[] direction(double[] gradient) {
        double[] q = gradient.clone();
        double[] alphas = new double[size];

        // First loop: from the newest pair to the oldest.
        for (int j = 0; j < size; j++) {
            int index = Math.floorMod(newest - j, steps.length);
            double alpha = inverseCurvatures[index] * Vectors.dot(steps[index], q);
            alphas[j] = alpha;
            axpy(-alpha, gradientChanges[index], q);
        }

        if (size > 0) {
            double[] y = gradientChanges[newest];
            double gamma = 1 / (inverseCurvatures[newest] * Vectors.dot(y, y));
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }

        // Second loop: from the oldest pair to the newest.
        for (int j = size - 1; j >= 0; j--) {
            int index = Math.floorMod(newest - j, steps.length);
            double beta = inverseCurvatures[index] * Vectors.dot(gradientChanges[index], q);
            axpy(alphas[j] - beta, steps[index], q);
        }

        for (int i = 0; i < q.length; i++) {
            q[i] = -q[i];
        }
        return q;
    }

    /** Adds a·x to y in place. */
    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
