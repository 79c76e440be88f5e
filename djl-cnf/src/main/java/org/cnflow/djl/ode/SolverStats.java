// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

/**
 * Counters of one solve.
 *
 * @param functionEvaluations calls of the right-hand side, the first-step heuristic included
 * @param acceptedSteps steps whose error estimate met the tolerance (every step in fixed-step mode)
 * @param rejectedSteps steps that were retried with a smaller step size
 */
public record SolverStats(int functionEvaluations, int acceptedSteps, int rejectedSteps) {

    /** Counters of a solve that has not evaluated anything. */
    public static final SolverStats EMPTY = new SolverStats(0, 0, 0);

    /**
     * Returns the sum of these counters and another solve's.
     *
     * @param other the counters to add
     * @return the element-wise sum
     */
    public SolverStats plus(SolverStats other) {
        return new SolverStats(
                functionEvaluations + other.functionEvaluations,
                acceptedSteps + other.acceptedSteps,
                rejectedSteps + other.rejectedSteps);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return functionEvaluations
                + " evaluations, "
                + acceptedSteps
                + " accepted and "
                + rejectedSteps
                + " rejected steps";
    }
}
