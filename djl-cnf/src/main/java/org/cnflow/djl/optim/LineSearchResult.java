// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import java.util.Objects;

/**
 * The step chosen by a line search, with its status and the number of objective calls it made.
 *
 * <p>On {@link LineSearchStatus#SUCCESS} the trial is the accepted step. On any other status it is
 * the finite trial with the lowest value that the search saw, or the start at α = 0 when no trial
 * was lower than φ(0), so it never has a non-finite value. Immutable.
 */
public final class LineSearchResult {

    private final LineSearchStatus status;
    private final LineFunction.Trial trial;
    private final int evaluations;

    /**
     * Creates a result.
     *
     * @param status the outcome
     * @param trial the accepted step, or the best finite step of a failed search
     * @param evaluations the number of objective calls the search made
     */
    public LineSearchResult(LineSearchStatus status, LineFunction.Trial trial, int evaluations) {
        this.status = Objects.requireNonNull(status, "status");
        this.trial = Objects.requireNonNull(trial, "trial");
        if (evaluations < 0) {
            throw new IllegalArgumentException("evaluations must be >= 0, but is " + evaluations);
        }
        this.evaluations = evaluations;
    }

    /** Returns the outcome of the search. */
    public LineSearchStatus status() {
        return status;
    }

    /** Returns whether the status is {@link LineSearchStatus#SUCCESS}. */
    public boolean isSuccess() {
        return status == LineSearchStatus.SUCCESS;
    }

    /** Returns the accepted step, or the best finite step of a failed search. */
    public LineFunction.Trial trial() {
        return trial;
    }

    /** Returns the number of objective calls the search made. */
    public int evaluations() {
        return evaluations;
    }

    @Override
    public String toString() {
        return "LineSearchResult[status="
                + status
                + ", step="
                + trial.step()
                + ", value="
                + trial.value()
                + ", evaluations="
                + evaluations
                + "]";
    }
}
