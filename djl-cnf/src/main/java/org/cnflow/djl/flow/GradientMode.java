// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

/**
 * The method that computes parameter gradients of the loss.
 *
 * <p>Backpropagation is the default for forward-mode traces because it is the faster of the two on
 * the 1-D normal workload (field 1 → 3 → 1 tanh, batch 100, float32, Tsit5 at abstol 1e-6 and
 * reltol 1e-3, time span (0, 10)): 16.3 ms per gradient over 74 field evaluations, against 38.1 ms
 * over 74 + 122 for the adjoint, measured by {@code EngineBenchmark} on a 2-core machine with one
 * PyTorch thread. The adjoint is the default, and the only mode, for other blocks.
 */
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
     * matches the continuous problem to the solver's tolerance. Works with both trace paths. For a
     * block without forward-mode tangents, the trace's derivative is a central difference of
     * first-order vector–Jacobian products. On a 2 → 8 → 2 tanh network in float64 at reltol 1e-10,
     * that gradient agreed with finite differences of the loss to a relative 3.4e-9, as the
     * forward-mode adjoint did.
     */
    ADJOINT
}
