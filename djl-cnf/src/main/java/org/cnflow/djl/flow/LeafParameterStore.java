// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Substitutes a fresh leaf for each parameter: a detached view of its values that requires a
 * gradient. A backward pass through an evaluation then leaves the parameter gradients of that
 * evaluation in the leaves, apart from the real parameters' accumulated gradients.
 *
 * <p>A parameter read twice gets the same leaf. The leaves attach to the given manager.
 */
final class LeafParameterStore extends ParameterStore {

    private final NDManager manager;
    private final Map<Parameter, NDArray> leaves = new IdentityHashMap<>();

    LeafParameterStore(NDManager manager) {
        super(manager, false);
        this.manager = manager;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        return leaves.computeIfAbsent(
                parameter,
                key -> {
                    NDArray leaf = key.getArray().stopGradient();
                    leaf.attach(manager);
                    if (key.requiresGradient()) {
                        leaf.setRequiresGradient(true);
                    }
                    return leaf;
                });
    }

    /**
     * Returns the gradients the leaves received, flattened in the order of {@code parameters}.
     *
     * @param parameters trainable parameters
     * @return the flat gradient, zero for parameters that were not read
     */
    NDArray flatGradient(List<Parameter> parameters) {
        NDArray[] gradients = new NDArray[parameters.size()];
        for (int i = 0; i < gradients.length; i++) {
            NDArray leaf = leaves.get(parameters.get(i));
            gradients[i] = leaf == null ? null : leaf.getGradient();
        }
        return ParameterGradients.flatten(manager, parameters, gradients);
    }
}
