// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;

/** The right-hand side {@code dy/dt = f(t, y)} of an ordinary differential equation. */
@FunctionalInterface
public interface OdeFunction {

    /**
     * Evaluates the derivative of the state.
     *
     * <p>The returned array must be new (not {@code y} itself and not an array the function keeps),
     * have the shape and data type of {@code y}, and should be computed from {@code y} so that it
     * and every temporary attach to {@code y}'s manager: the solver releases them after each step.
     *
     * @param t the time
     * @param y the state, of any shape
     * @return {@code f(t, y)}, of the shape of {@code y}
     */
    NDArray evaluate(double t, NDArray y);
}
