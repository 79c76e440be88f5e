// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.cnflow.djl.EngineArrays;

/** The distribution of Hutchinson's probe vectors; both have zero mean and identity covariance. */
public enum HutchinsonNoise {

    /** Standard normal entries. */
    GAUSSIAN,

    /** Entries of ±1 with equal probability, which give the estimate of lowest variance. */
    RADEMACHER;

    /**
     * Draws a probe from a Java random generator, never from the engine's global one.
     *
     * @param manager the manager of the new array
     * @param shape the probe's shape, the state's shape
     * @param dataType float32 or float64
     * @param random the generator, advanced by one value per element
     * @return the probe
     */
    public NDArray draw(
            NDManager manager, Shape shape, DataType dataType, SplittableRandom random) {
        int size = Math.toIntExact(shape.size());
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = this == GAUSSIAN ? Gaussians.next(random) : random.nextBoolean() ? 1 : -1;
        }
        return EngineArrays.create(manager, values, shape, dataType);
    }
}
