// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/**
 * Chooses a step length along a descent direction.
 *
 * <p>Implementations must call the objective only through {@link LineFunction#evaluate(double)}, so
 * that the caller can count the calls, and must never return a trial with a non-finite value or
 * gradient. The built-in implementations keep no state between searches, so one instance may serve
 * several optimizers at once.
 */
public interface LineSearch {

    /**
     * Searches for a step length along the ray of {@code function}, starting with {@code
     * initialStep}.
     *
     * @param function φ(α) = f(x + α d), with finite φ(0) and φ'(0)
     * @param initialStep the first trial step length, positive and finite
     * @return the chosen step and the outcome
     * @throws IllegalArgumentException if {@code initialStep} is not positive and finite
     */
    LineSearchResult search(LineFunction function, double initialStep);
}
