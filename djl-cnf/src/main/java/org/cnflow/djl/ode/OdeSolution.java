// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The result of a solve: the state at the end time, the states at requested times, and counters.
 *
 * <p>Every array is attached to the manager of the initial state; closing that manager, or this
 * object, releases them.
 */
public final class OdeSolution implements AutoCloseable {

    private final NDArray finalState;
    private final double[] times;
    private final NDList states;
    private final SolverStats stats;

    OdeSolution(NDArray finalState, double[] times, NDList states, SolverStats stats) {
        this.finalState = finalState;
        this.times = times;
        this.states = states;
        this.stats = stats;
    }

    /**
     * Returns the state at the end time.
     *
     * @return the final state, of the initial state's shape
     */
    public NDArray getFinalState() {
        return finalState;
    }

    /**
     * Returns the times at which states were saved, in the order requested.
     *
     * @return a copy of the save times
     */
    public double[] getTimes() {
        return times.clone();
    }

    /**
     * Returns the states at the save times, computed by the method's dense output.
     *
     * @return one state per save time
     */
    public NDList getStates() {
        return states;
    }

    /**
     * Returns the state at the i-th save time.
     *
     * @param i the index of the save time
     * @return the state at {@code getTimes()[i]}
     */
    public NDArray getState(int i) {
        return states.get(i);
    }

    /**
     * Returns the counters of the solve.
     *
     * @return function evaluations, accepted and rejected steps
     */
    public SolverStats getStats() {
        return stats;
    }

    /** Closes every array of this solution. */
    @Override
    public void close() {
        finalState.close();
        states.close();
    }
}
