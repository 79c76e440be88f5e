// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;

/**
 * A vector field's value together with the trace of its Jacobian, exact or estimated.
 *
 * @param value {@code f(z, t)}, of shape (N, d)
 * @param trace {@code tr(∂f/∂z)} or an estimate of it for every row, of shape (N)
 * @param tangents the Jacobian–vector products the trace came from, of shape (K, N, d): the d basis
 *     directions for the exact trace, the probe (K = 1) for Hutchinson's estimate
 */
public record ValueAndTrace(NDArray value, NDArray trace, NDArray tangents) {}
