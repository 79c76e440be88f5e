// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/** Reads, clears and assigns the gradients of a block's trainable parameters. */
final class ParameterGradients {

    private ParameterGradients() {}

    /**
     * Lists the parameters of a block that take gradients, in the block's order.
     *
     * @param block the block
     * @return the initialized parameters whose {@code requiresGradient()} is true
     */
    static List<Parameter> trainable(Block block) {
        List<Parameter> parameters = new ArrayList<>();
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                parameters.add(parameter);
            }
        }
        return parameters;
    }

    /**
     * Makes every parameter track gradients and sets the gradients it already has to zero.
     *
     * @param parameters trainable parameters
     */
    static void clear(List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            NDArray array = parameter.getArray();
            if (!array.hasGradient()) {
                array.setRequiresGradient(true);
                continue;
            }
            try {
                JniUtils.zeroGrad((PtNDArray) array);
            } catch (EngineException e) {
                // The array tracks gradients but has not received one yet: nothing to clear.
            }
        }
    }

    /**
     * Replaces the parameters' gradients with the given values by one backward pass of {@code Σ_p
     * ⟨θ_p, g_p⟩}, whose gradient with respect to {@code θ_p} is exactly {@code g_p}.
     *
     * @param parameters trainable parameters
     * @param flatGradient the gradients of all parameters, flattened and concatenated in order
     */
    static void assign(List<Parameter> parameters, NDArray flatGradient) {
        clear(parameters);
        NDManager manager = flatGradient.getManager();
        try (NDManager scope = manager.newSubManager();
                GradMode grad = GradMode.enabled()) {
            NDArray gradient = flatGradient.stopGradient();
            gradient.attach(scope);
            NDArray total = null;
            long offset = 0;
            for (Parameter parameter : parameters) {
                NDArray array = parameter.getArray();
                long size = array.size();
                NDArray part =
                        gradient.get(offset + ":" + (offset + size)).reshape(array.getShape());
                offset += size;
                NDArray product = part.mul(array).sum();
                total = total == null ? product : total.add(product);
            }
            if (total != null) {
                NDArray seed = total.onesLike();
                JniUtils.backward((PtNDArray) total, (PtNDArray) seed, false, false);
            }
        }
    }

    /**
     * Flattens and concatenates per-parameter gradients.
     *
     * @param manager the manager of the zeros filled in for missing gradients
     * @param parameters trainable parameters
     * @param gradients one gradient per parameter, null where the parameter received none
     * @return the flat gradient, of length {@code Σ size(θ_p)}
     */
    static NDArray flatten(NDManager manager, List<Parameter> parameters, NDArray[] gradients) {
        NDList parts = new NDList(parameters.size());
        for (int i = 0; i < gradients.length; i++) {
            NDArray array = parameters.get(i).getArray();
            // PyTorch reports a parameter that did not affect the output with float32 zeros.
            parts.add(
                    gradients[i] != null
                            ? gradients[i].flatten().toType(array.getDataType(), false)
                            : manager.zeros(new Shape(array.size()), array.getDataType()));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}
