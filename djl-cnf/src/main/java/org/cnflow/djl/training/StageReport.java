// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

import java.util.List;
import java.util.Locale;

/**
 * The summary of one training stage, in the spirit of Optim.jl's.
 *
 * @param optimizer the optimizer's name
 * @param status why the stage stopped
 * @param detail more about the stop, such as the line search's message, or empty
 * @param initialLoss the loss at the stage's starting parameters
 * @param finalLoss the loss at the parameters the stage left, the best it saw
 * @param iterations the iterations completed
 * @param lossEvaluations evaluations of the loss
 * @param gradientEvaluations evaluations of the gradient
 * @param forwardEvaluations vector-field evaluations of forward solves
 * @param backwardEvaluations vector-field evaluations of adjoint solves
 * @param seconds the stage's wall-clock time
 * @param losses the loss of every iteration, in order
 */
public record StageReport(
        String optimizer,
        StageStatus status,
        String detail,
        double initialLoss,
        double finalLoss,
        int iterations,
        int lossEvaluations,
        int gradientEvaluations,
        long forwardEvaluations,
        long backwardEvaluations,
        double seconds,
        List<Double> losses) {

    /** Copies the loss list. */
    public StageReport {
        losses = List.copyOf(losses);
    }

    /**
     * Returns the outcome in one word: {@code success} when a convergence criterion stopped the
     * stage, {@code finished} when it ran its iterations or its listener stopped it (as early
     * stopping does), and {@code failure} otherwise.
     *
     * @return the outcome
     */
    public String outcome() {
        if (status.isConverged()) {
            return "success";
        }
        if (status == StageStatus.ITERATION_LIMIT || status == StageStatus.STOPPED_BY_LISTENER) {
            return "finished";
        }
        return "failure";
    }

    /**
     * Returns the report as printed lines.
     *
     * @return a multi-line summary
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, " * Status: %s%n", outcome()));
        text.append(String.format(Locale.ROOT, " * Optimizer: %s%n", optimizer));
        text.append(
                String.format(
                        Locale.ROOT,
                        " * Stopped: %s%s%n",
                        status.description(),
                        detail.isEmpty() ? "" : " (" + detail + ")"));
        text.append(
                String.format(
                        Locale.ROOT,
                        " * Loss: initial %.6f, final %.6f%n",
                        initialLoss,
                        finalLoss));
        text.append(
                String.format(
                        Locale.ROOT,
                        " * Work: %d iterations, %d loss and %d gradient evaluations,"
                                + " %d + %d solver evaluations (forward + backward), %.2f s",
                        iterations,
                        lossEvaluations,
                        gradientEvaluations,
                        forwardEvaluations,
                        backwardEvaluations,
                        seconds));
        return text.toString();
    }
}
