// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;

/**
 * One evaluation of a vector field for the augmented dynamics.
 *
 * @param value {@code f(z, t)}, of shape (N, d)
 * @param trace the exact trace or Hutchinson's estimate of {@code ∂f/∂z}, of shape (N)
 * @param jacobianSquaredNorm {@code ‖(∂f/∂z) ε‖²} with Hutchinson's probe, or the squared Frobenius
 *     norm with the exact trace, of shape (N); null when not requested
 */
record FieldEvaluation(NDArray value, NDArray trace, NDArray jacobianSquaredNorm) {}
