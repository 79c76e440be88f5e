// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

import java.util.List;

/**
 * The reports of every stage of a schedule.
 *
 * @param stages one report per stage run, in order
 * @param seconds the wall-clock time of the whole schedule
 */
public record TrainingResult(List<StageReport> stages, double seconds) {

    /** Copies the report list. */
    public TrainingResult {
        stages = List.copyOf(stages);
    }

    /**
     * Returns the loss at the parameters the schedule left.
     *
     * @return the last stage's final loss
     */
    public double finalLoss() {
        return stages.get(stages.size() - 1).finalLoss();
    }
}
