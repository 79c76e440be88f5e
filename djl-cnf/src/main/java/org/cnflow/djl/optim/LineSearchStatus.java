// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/** The outcome of one line search. */
public enum LineSearchStatus {
    /** The accepted step satisfies the conditions that the line search promises. */
    SUCCESS("the step satisfies the line search conditions"),

    /** The evaluation budget ran out before a step satisfied the conditions. */
    MAX_EVALUATIONS("the line search reached its maximum number of evaluations"),

    /** φ'(0) ≥ 0, so no positive step can decrease the function near the origin. */
    NOT_DESCENT_DIRECTION("the search direction is not a descent direction"),

    /** The step reached the smallest or largest step length that the line search allows. */
    STEP_BOUND_REACHED("the step reached the line search's minimum or maximum step length"),

    /**
     * The bracketing interval shrank to rounding level, or rounding errors stopped its progress,
     * before a step satisfied the conditions.
     */
    INTERVAL_TOO_SMALL("the bracketing interval became too small to make progress"),

    /** The search failed while its latest trial had a non-finite value or gradient. */
    NON_FINITE("the line search could not find a step with a finite value and gradient");

    private final String description;

    LineSearchStatus(String description) {
        this.description = description;
    }

    /** Returns a sentence fragment that explains the status, for messages and logs. */
    public String description() {
        return description;
    }
}
