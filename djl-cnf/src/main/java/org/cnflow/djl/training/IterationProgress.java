// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

/**
 * The state of training after one iteration.
 *
 * @param stage the index of the stage in the schedule, from 0
 * @param optimizer the stage's optimizer name
 * @param iteration the iteration within the stage, from 1
 * @param loss the loss at the iteration's parameters (the minibatch's for minibatch Adam)
 * @param gradientNorm the Euclidean norm of the loss's gradient
 * @param forwardEvaluations vector-field evaluations of forward solves in the stage so far
 * @param backwardEvaluations vector-field evaluations of adjoint solves in the stage so far
 * @param seconds time since the stage started
 */
public record IterationProgress(
        int stage,
        String optimizer,
        int iteration,
        double loss,
        double gradientNorm,
        long forwardEvaluations,
        long backwardEvaluations,
        double seconds) {}
