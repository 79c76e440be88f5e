// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

/** The reason a training stage stopped. */
public enum StageStatus {
    /** The gradient's largest absolute entry fell to the gradient tolerance. */
    GRADIENT_TOLERANCE("gradient tolerance reached", true),
    /** A step changed the loss by less than the function tolerance. */
    FUNCTION_TOLERANCE("function tolerance reached", true),
    /** A step changed the parameters by less than the step tolerance. */
    STEP_TOLERANCE("step tolerance reached", true),
    /** The stage ran all of its iterations. */
    ITERATION_LIMIT("iteration limit reached", false),
    /** The line search found no acceptable step. */
    LINE_SEARCH_FAILED("line search failed", false),
    /** A step raised the loss while increases were not allowed. */
    FUNCTION_INCREASED("the loss increased", false),
    /** The loss or gradient became NaN or infinite; the best parameters were restored. */
    NON_FINITE("non-finite loss or gradient; best parameters restored", false),
    /** A solve failed (step limit, step-size underflow); the best parameters were restored. */
    SOLVER_FAILED("the ODE solver failed; best parameters restored", false),
    /** The listener asked to stop. */
    STOPPED_BY_LISTENER("stopped by the listener, as early stopping does", false);

    private final String description;
    private final boolean converged;

    StageStatus(String description, boolean converged) {
        this.description = description;
        this.converged = converged;
    }

    /**
     * Returns the reason in words, as reports print it.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Tells whether the stage stopped because a convergence criterion was met.
     *
     * @return true for the tolerance criteria
     */
    public boolean isConverged() {
        return converged;
    }
}
