// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import java.util.SplittableRandom;

/** Normal deviates from a Java generator. */
final class Gaussians {

    private Gaussians() {}

    /**
     * Draws a standard normal deviate by the Box–Muller transform, using two uniform values.
     *
     * @param random the generator
     * @return a standard normal value
     */
    static double next(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
