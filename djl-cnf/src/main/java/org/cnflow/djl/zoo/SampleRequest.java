// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

/**
 * A request for samples from a flow: the number of points and the seed of their base points. The
 * same request to the same flow returns the same points.
 *
 * @param count the number of points, positive
 * @param seed the seed of the base points
 */
public record SampleRequest(int count, long seed) {

    /**
     * Checks the count.
     *
     * @throws IllegalArgumentException if the count is not positive
     */
    public SampleRequest {
        if (count <= 0) {
            throw new IllegalArgumentException(
                    "The number of samples must be positive, got " + count);
        }
    }
}
