// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/** The reason an {@link Lbfgs} run stopped. */
public enum LbfgsStatus {
    /** The max norm of the gradient fell to the gradient tolerance or below. */
    GRADIENT_TOLERANCE("the gradient's max norm reached the gradient tolerance", true),

    /** The relative change of the function value fell to the function tolerance or below. */
    FUNCTION_TOLERANCE(
            "the relative change of the function value reached the function tolerance", true),

    /** The max norm of the last step fell to the x tolerance or below. */
    X_TOLERANCE("the max norm of the last step reached the x tolerance", true),

    /** The run reached the maximum number of iterations. */
    MAX_ITERATIONS("the run reached the maximum number of iterations", false),

    /** The iteration listener returned {@code false}. */
    STOPPED_BY_LISTENER("the iteration listener requested a stop", false),

    /** The line search failed for a reason other than non-finite values. */
    LINE_SEARCH_FAILED("the line search failed", false),

    /**
     * The line search returned a point with a higher value while function increases are not
     * allowed. The point was rejected.
     */
    FUNCTION_INCREASED(
            "the line search returned a higher function value, which is not allowed", false),

    /**
     * The function was not finite at the initial point, or the line search could not find a step
     * with a finite value and gradient.
     */
    NON_FINITE("the function or its gradient was not finite", false);

    private final String description;
    private final boolean converged;

    LbfgsStatus(String description, boolean converged) {
        this.description = description;
        this.converged = converged;
    }

    /** Returns a sentence fragment that explains the status, for messages and logs. */
    public String description() {
        return description;
    }

    /** Returns whether the status is one of the three convergence tests. */
    public boolean isConverged() {
        return converged;
    }
}
