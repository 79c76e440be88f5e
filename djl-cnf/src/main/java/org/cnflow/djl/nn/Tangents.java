// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.ndarray.NDArray;

/**
 * A layer's output together with its Jacobian–vector products.
 *
 * @param value the output {@code y = f(z)}, of shape (N, dout)
 * @param tangents the pushed-forward directions {@code J(z)·v}, of shape (K, N, dout), one slice
 *     per tangent direction {@code v}
 */
public record Tangents(NDArray value, NDArray tangents) {}
