// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

/**
 * Jacobian traces of any DJL {@link Block} by first-order engine autograd.
 *
 * <p>The state is copied into a fresh leaf that requires a gradient, and the block reads detached
 * views of its parameters, so backward passes touch neither the parameters' gradients nor any graph
 * the caller records. The exact trace takes one backward pass per dimension, reading {@code e_kᵀ
 * (∂f/∂z) e_k} from the leaf's gradient and zeroing it in between; Hutchinson's estimate takes one
 * pass with the probe. No pass creates a graph of the gradient, so nothing leaks.
 */
final class AutogradEvaluator implements FieldEvaluator {

    private final Block field;
    private final boolean timeDependent;

    AutogradEvaluator(Block field, boolean timeDependent) {
        this.field = field;
        this.timeDependent = timeDependent;
    }

    @Override
    public FieldEvaluation evaluate(
            ParameterStore store, NDArray z, double t, NDArray probe, boolean jacobianNorm) {
        if (jacobianNorm) {
            throw new UnsupportedOperationException(
                    "The Jacobian norm needs forward-mode tangents, which "
                            + field.getClass().getName()
                            + " does not provide");
        }
        NDManager manager = z.getManager();
        try (GradMode grad = GradMode.enabled()) {
            NDArray leaf = z.duplicate();
            leaf.setRequiresGradient(true);
            NDArray output = forward(new DetachedParameterStore(manager), leaf, t);
            PtNDArray target = (PtNDArray) output;
            NDArray trace;
            if (probe != null) {
                JniUtils.backward(target, (PtNDArray) probe, false, false);
                trace = leaf.getGradient().mul(probe).sum(new int[] {1});
            } else {
                int dimension = Math.toIntExact(z.getShape().get(1));
                trace = null;
                for (int k = 0; k < dimension; k++) {
                    NDArray direction = basisDirection(z, k);
                    JniUtils.backward(target, (PtNDArray) direction, k < dimension - 1, false);
                    NDArray diagonal = leaf.getGradient().mul(direction).sum(new int[] {1});
                    trace = trace == null ? diagonal : trace.add(diagonal);
                    JniUtils.zeroGrad((PtNDArray) leaf);
                }
            }
            NDArray value = output.stopGradient();
            value.attach(manager);
            return new FieldEvaluation(value, trace, null);
        }
    }

    @Override
    public NDArray value(ParameterStore store, NDArray z, double t) {
        return forward(store, z, t);
    }

    /**
     * Evaluates the field on the inputs {@code [z]} or {@code [z, t]}.
     *
     * @param store the parameter store the field reads its weights from
     * @param z points of shape (N, d)
     * @param t the time
     * @return {@code f(z, t)}
     */
    NDArray forward(ParameterStore store, NDArray z, double t) {
        NDList inputs =
                timeDependent ? new NDList(z, FieldEvaluator.timeArray(z, t)) : new NDList(z);
        return field.forward(store, inputs, false).singletonOrThrow();
    }

    /**
     * Returns one-hot rows selecting column {@code k}, of {@code z}'s shape and type.
     *
     * @param z points of shape (N, d)
     * @param k the column
     * @return the basis direction {@code e_k} for every row, on {@code z}'s manager
     */
    static NDArray basisDirection(NDArray z, int k) {
        long dimension = z.getShape().get(1);
        NDArray row =
                z.getManager().zeros(new ai.djl.ndarray.types.Shape(1, dimension), z.getDataType());
        row.set(new ai.djl.ndarray.index.NDIndex(0, k), 1);
        return row.broadcast(z.getShape());
    }

    /**
     * Substitutes detached views for parameters, attached to the evaluation's manager so that they
     * are released with the evaluation's other temporaries.
     */
    private static final class DetachedParameterStore extends ParameterStore {

        private final NDManager manager;

        DetachedParameterStore(NDManager manager) {
            super(manager, false);
            this.manager = manager;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            NDArray detached = super.getValue(parameter, device, training).stopGradient();
            detached.attach(manager);
            return detached;
        }
    }
}
