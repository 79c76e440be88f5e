// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an {@link Lbfgs} run: the best point seen, the counters, the reason the run
 * stopped and the history of iterations. Immutable.
 *
 * <p>The best point is the evaluated point with the lowest finite value, whether an iterate or a
 * line search trial, so it never has a non-finite value or gradient. The one exception is a
 * function that is not finite at the initial point: then the result contains that point and its
 * value.
 */
public final class LbfgsResult {

    private final double[] point;
    private final double value;
    private final double[] gradient;
    private final double initialValue;
    private final int iterations;
    private final int evaluations;
    private final LbfgsStatus status;
    private final String message;
    private final List<IterationRecord> history;

    LbfgsResult(
            double[] point,
            double value,
            double[] gradient,
            double initialValue,
            int iterations,
            int evaluations,
            LbfgsStatus status,
            String message,
            List<IterationRecord> history) {
        this.point = point.clone();
        this.value = value;
        this.gradient = gradient.clone();
        this.initialValue = initialValue;
        this.iterations = iterations;
        this.evaluations = evaluations;
        this.status = Objects.requireNonNull(status, "status");
        this.message = Objects.requireNonNull(message, "message");
        this.history = List.copyOf(history);
    }

    /** Returns a copy of the best point. */
    public double[] point() {
        return point.clone();
    }

    /** Returns f at the best point. */
    public double value() {
        return value;
    }

    /** Returns a copy of ∇f at the best point. */
    public double[] gradient() {
        return gradient.clone();
    }

    /** Returns f at the initial point. */
    public double initialValue() {
        return initialValue;
    }

    /**
     * Returns the number of completed iterations, each ending at a point a line search accepted.
     */
    public int iterations() {
        return iterations;
    }

    /** Returns the number of objective calls, counting the one at the initial point. */
    public int evaluations() {
        return evaluations;
    }

    /** Returns the reason the run stopped. */
    public LbfgsStatus status() {
        return status;
    }

    /** Returns a sentence that explains why the run stopped, with the values involved. */
    public String message() {
        return message;
    }

    /** Returns one record per iteration, starting with iteration 0; unmodifiable. */
    public List<IterationRecord> history() {
        return history;
    }

    @Override
    public String toString() {
        return "LbfgsResult[status="
                + status
                + ", value="
                + value
                + ", initialValue="
                + initialValue
                + ", iterations="
                + iterations
                + ", evaluations="
                + evaluations
                + ", message="
                + message
                + "]";
    }
}
