// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

/** The machinery that differentiates the vector field to get the Jacobian trace. */
public enum TracePath {

    /** Forward mode when the vector field is a {@code FlowLayer}, engine autograd otherwise. */
    AUTO,

    /**
     * Tangents propagated through the library's own layer types in NDArray operations. The trace is
     * an ordinary differentiable expression and prediction needs no autograd.
     */
    FORWARD_MODE,

    /**
     * First-order engine autograd on a fresh leaf copy of the state: one backward pass per basis
     * direction for the exact trace, one for Hutchinson's estimate. Works for any DJL {@code
     * Block}, with no create-graph backward.
     */
    AUTOGRAD
}
