// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

/**
 * Thrown when a solve cannot reach its end time.
 *
 * <p>The exception carries the time reached, the step size being tried and the counters, so a
 * caller can tell a stiff problem (step limit), a singularity (step size underflow) and a diverging
 * state (non-finite values) apart.
 */
public class OdeSolverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reason a solve stopped. */
    public enum Reason {
        /** The step size fell below the minimum step size or the resolution of the time. */
        STEP_SIZE_UNDERFLOW,
        /** The number of attempted steps reached the step limit. */
        STEP_LIMIT,
        /** The state, a derivative or the error estimate is NaN or infinite. */
        NON_FINITE
    }

    private final Reason reason;
    private final double time;
    private final double stepSize;
    private final SolverStats stats;

    /**
     * Constructs an exception.
     *
     * @param reason why the solve stopped
     * @param time the last time the solution reached
     * @param stepSize the step size being tried from that time
     * @param stats the counters up to the failure
     * @param detail what happened, in a sentence
     */
    public OdeSolverException(
            Reason reason, double time, double stepSize, SolverStats stats, String detail) {
        super(detail + " at t = " + time + " with step size " + stepSize + " after " + stats);
        this.reason = reason;
        this.time = time;
        this.stepSize = stepSize;
        this.stats = stats;
    }

    /**
     * Returns why the solve stopped.
     *
     * @return the reason
     */
    public Reason getReason() {
        return reason;
    }

    /**
     * Returns the last time the solution reached.
     *
     * @return the time
     */
    public double getTime() {
        return time;
    }

    /**
     * Returns the step size being tried when the solve stopped.
     *
     * @return the step size, negative when integrating backwards
     */
    public double getStepSize() {
        return stepSize;
    }

    /**
     * Returns the counters up to the failure.
     *
     * @return the counters
     */
    public SolverStats getStats() {
        return stats;
    }
}
