// SPDX-License-Identifier: Apache-2.0
/**
 * Layer types for FFJORD vector fields that propagate tangent vectors (forward-mode
 * differentiation), so that Jacobian traces are plain differentiable NDArray expressions.
 *
 * <p>{@link org.cnflow.djl.nn.FlowLayer} is the base type. {@link org.cnflow.djl.nn.FlowMlp} builds
 * the usual perceptrons, and {@link org.cnflow.djl.nn.ForwardModeTraces} turns any flow layer into
 * exact or Hutchinson traces.
 */
package org.cnflow.djl.nn;
