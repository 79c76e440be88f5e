// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

/** How parameter gradients of the loss are computed. */
public enum GradientMode {

    /**
     * One first-order backward pass through the recorded forward solve: the exact gradient of the
     * discrete solve. Memory grows with the number of steps. Needs forward-mode traces, so the
     * vector field must be a {@code FlowLayer}.
     */
    BACKPROP,

    /**
     * The adjoint method: a backward solve of the state, its adjoint and the parameter gradient
     * from {@code t1} to {@code t0}. Memory does not depend on the number of steps; the gradient
     * matches the continuous problem to the solver's tolerance. Works with both trace paths.
     */
    ADJOINT
}
