// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.cnflow.djl.ode.SolverStats;

/**
 * Gradients by backpropagation through the solver: the forward solve is recorded with grad mode on,
 * and one first-order backward pass of the loss fills the parameters' gradients. This is the exact
 * gradient of the discrete solve, its accepted step sizes held fixed.
 */
final class BackpropGradient {

    private BackpropGradient() {}

    static LossEvaluation compute(FfjordBlock block, NDArray x, long seed) {
        List<Parameter> parameters = ParameterGradients.trainable(block.getVectorField());
        ParameterGradients.clear(parameters);
        try (NDManager scope = x.getManager().newSubManager()) {
            FfjordBlock.ForwardSolve solve;
            try (GradMode grad = GradMode.enabled()) {
                solve = block.solveForward(scope, new ParameterStore(scope, false), x, seed, true);
                NDArray loss = solve.loss(block.getKineticWeight(), block.getJacobianWeight());
                JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
            }
            try (GradMode grad = GradMode.disabled()) {
                return solve.lossEvaluation(
                        block.getKineticWeight(), block.getJacobianWeight(), SolverStats.EMPTY);
            }
        }
    }
}
