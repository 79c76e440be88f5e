// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/**
 * The state of an {@link Lbfgs} run after one iteration.
 *
 * <p>Iteration 0 describes the initial point. The value and gradient norm are those of the iterate,
 * which with function increases allowed can be worse than the best point so far.
 *
 * @param iteration the number of completed iterations
 * @param value f at the iterate
 * @param gradientNorm the max norm ‖∇f‖∞ at the iterate
 * @param evaluations the number of objective calls since the run began, including the first
 * @param elapsedSeconds the wall-clock time since the run began, in seconds
 */
public record IterationRecord(
        int iteration, double value, double gradientNorm, int evaluations, double elapsedSeconds) {}
