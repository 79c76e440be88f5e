// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import org.cnflow.djl.nn.FlowLayer;
import org.cnflow.djl.nn.ForwardModeTraces;
import org.cnflow.djl.nn.ValueAndTrace;

/**
 * Jacobian traces of a {@link FlowLayer} by forward-mode tangents.
 *
 * <p>The trace is an ordinary NDArray expression: with grad mode on, one first-order backward
 * differentiates it with respect to the parameters and the state, which is what training needs. The
 * Jacobian's squared norm comes from the same tangents: {@code ‖J ε‖²} for Hutchinson's probe, the
 * squared Frobenius norm {@code Σ_k ‖J e_k‖²} for the exact trace.
 */
final class ForwardModeEvaluator implements FieldEvaluator {

    private final FlowLayer field;
    private final boolean timeDependent;

    ForwardModeEvaluator(FlowLayer field, boolean timeDependent) {
        this.field = field;
        this.timeDependent = timeDependent;
    }

    @Override
    public FieldEvaluation evaluate(
            ParameterStore store, NDArray z, double t, NDArray probe, boolean jacobianNorm) {
        NDArray time = timeDependent ? FieldEvaluator.timeArray(z, t) : null;
        ValueAndTrace result =
                probe == null
                        ? ForwardModeTraces.exactTrace(field, store, z, time)
                        : ForwardModeTraces.hutchinson(field, store, z, time, probe);
        NDArray squaredNorm = null;
        if (jacobianNorm) {
            // Tangents of shape (K, N, d): sum the squares over directions and components.
            squaredNorm = result.tangents().square().sum(new int[] {0, 2});
        }
        return new FieldEvaluation(result.value(), result.trace(), squaredNorm);
    }

    @Override
    public NDArray value(ParameterStore store, NDArray z, double t) {
        NDList inputs =
                timeDependent ? new NDList(z, FieldEvaluator.timeArray(z, t)) : new NDList(z);
        return field.forward(store, inputs, false).singletonOrThrow();
    }
}
