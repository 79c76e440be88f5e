// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import org.cnflow.djl.ode.SolverStats;

/**
 * The training loss of a batch and its parts.
 *
 * @param loss {@code negativeLogLikelihood + λ_K kineticEnergy + λ_J jacobianNorm}
 * @param negativeLogLikelihood {@code -mean log p(x)} in nats
 * @param kineticEnergy the batch mean of {@code ∫ ‖f‖² dt}, or 0 when not computed
 * @param jacobianNorm the batch mean of {@code ∫ ‖(∂f/∂z) ε‖² dt}, or 0 when not computed
 * @param forwardStats counters of the forward solve
 * @param backwardStats counters of the adjoint's backward solve, empty for backpropagation
 */
public record LossEvaluation(
        double loss,
        double negativeLogLikelihood,
        double kineticEnergy,
        double jacobianNorm,
        SolverStats forwardStats,
        SolverStats backwardStats) {

    /**
     * Returns the total number of vector-field evaluations, forward and backward.
     *
     * @return the evaluation count
     */
    public int functionEvaluations() {
        return forwardStats.functionEvaluations() + backwardStats.functionEvaluations();
    }
}
