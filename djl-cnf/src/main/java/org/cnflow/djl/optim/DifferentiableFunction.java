// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/** A scalar function of a vector that returns its value and its gradient from one call. */
@FunctionalInterface
public interface DifferentiableFunction {

    /**
     * Evaluates the function and its gradient at a point.
     *
     * <p>The caller passes a fresh {@code gradientOut} array for every call, and the function must
     * write every entry. The function must not keep or modify {@code x}. It may return NaN or an
     * infinite value, or write such gradient entries, where it is undefined: the optimizer then
     * treats the point as unusable.
     *
     * @param x the point, of length n
     * @param gradientOut the array of length n that receives ∇f(x)
     * @return f(x)
     */
    double evaluate(double[] x, double[] gradientOut);
}
