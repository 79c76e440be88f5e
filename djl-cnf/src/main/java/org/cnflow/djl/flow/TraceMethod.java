// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

/** The method that computes the trace of the vector field's Jacobian {@code tr(∂f/∂z)}. */
public enum TraceMethod {

    /** The exact trace, from all {@code d} basis directions; costs grow with the dimension. */
    EXACT,

    /**
     * Hutchinson's unbiased estimate {@code εᵀ (∂f/∂z) ε} with one probe {@code ε} per point, drawn
     * once per solve (Hutchinson 1989; Grathwohl et al. 2018, FFJORD).
     */
    HUTCHINSON
}
