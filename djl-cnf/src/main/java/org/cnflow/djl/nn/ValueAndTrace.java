// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;

/**
 * A vector field's value together with the trace of its Jacobian, exact or estimated.
 *
 * @param value {@code f(z, t)}, of shape (N, d)
 * @param trace {@code tr(∂f/∂z)} or an estimate of it for every row, of shape (N)
 */
public record ValueAndTrace(NDArray value, NDArray trace) {}
