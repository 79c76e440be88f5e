// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import org.cnflow.djl.ode.SolverStats;

/**
 * The log-densities of a batch, its latent points and the counters of the solve behind them.
 *
 * <p>The arrays are attached to the manager of the input; closing this object releases them.
 */
public final class FlowOutput implements AutoCloseable {

    private final NDArray logDensity;
    private final NDArray latent;
    private final SolverStats stats;

    FlowOutput(NDArray logDensity, NDArray latent, SolverStats stats) {
        this.logDensity = logDensity;
        this.latent = latent;
        this.stats = stats;
    }

    /**
     * Returns {@code log p(x)} of each point.
     *
     * @return the log-densities, of shape (N), in nats
     */
    public NDArray getLogDensity() {
        return logDensity;
    }

    /**
     * Returns the points mapped to the base distribution, {@code z(t1)}.
     *
     * @return the latent points, of shape (N, d)
     */
    public NDArray getLatent() {
        return latent;
    }

    /**
     * Returns the counters of the solve.
     *
     * @return function evaluations, accepted and rejected steps
     */
    public SolverStats getStats() {
        return stats;
    }

    /** Closes both arrays. */
    @Override
    public void close() {
        logDensity.close();
        latent.close();
    }
}
