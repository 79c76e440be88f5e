// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.cnflow.djl.EngineArrays;

/** Evaluates a vector field and the trace of its Jacobian for the solver's right-hand sides. */
interface FieldEvaluator {

    /**
     * Evaluates {@code f(z, t)}, the trace of {@code ∂f/∂z} and, on request, the squared norm of
     * the Jacobian.
     *
     * @param store the parameter store the field reads its weights from
     * @param z points of shape (N, d)
     * @param t the time
     * @param probe Hutchinson's probe of shape (N, d), or null for the exact trace
     * @param jacobianNorm whether to compute the Jacobian's squared norm
     * @return the evaluation, attached to {@code z}'s manager
     */
    FieldEvaluation evaluate(
            ParameterStore store, NDArray z, double t, NDArray probe, boolean jacobianNorm);

    /**
     * Evaluates {@code f(z, t)} alone.
     *
     * @param store the parameter store the field reads its weights from
     * @param z points of shape (N, d)
     * @param t the time
     * @return {@code f(z, t)} of shape (N, d), attached to {@code z}'s manager
     */
    NDArray value(ParameterStore store, NDArray z, double t);

    /**
     * Creates the time as a scalar array of {@code z}'s type on {@code z}'s manager.
     *
     * @param z the state whose type and manager to use
     * @param t the time
     * @return a scalar array
     */
    static NDArray timeArray(NDArray z, double t) {
        return EngineArrays.scalar(z.getManager(), t, z.getDataType());
    }
}
