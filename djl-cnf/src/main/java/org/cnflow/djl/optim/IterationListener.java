// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/** Receives the state of an {@link Lbfgs} run after each iteration and may stop the run. */
@FunctionalInterface
public interface IterationListener {

    /**
     * Handles one iteration, including iteration 0 for the initial point.
     *
     * <p>The run calls this before its convergence tests, so the listener also receives the last
     * iteration. An exception thrown here ends the run and reaches the caller of {@link
     * Lbfgs#minimize}.
     *
     * @param record the state after the iteration
     * @return {@code true} to continue, {@code false} to stop with {@link
     *     LbfgsStatus#STOPPED_BY_LISTENER} unless a convergence test stops the run first
     */
    boolean onIteration(IterationRecord record);
}
