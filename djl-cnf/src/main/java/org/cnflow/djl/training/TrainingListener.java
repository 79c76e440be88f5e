// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

/** Receives every training iteration. */
@FunctionalInterface
public interface TrainingListener {

    /**
     * Reports one iteration.
     *
     * @param progress the iteration's numbers
     * @return true to go on, false to stop the stage with {@link StageStatus#STOPPED_BY_LISTENER}
     */
    boolean onIteration(IterationProgress progress);
}
