// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

/**
 * One stage of a training schedule. A schedule is a list of stages run in order, each starting from
 * the parameters the previous one left, so a configuration file can describe it as data.
 */
public sealed interface TrainingStage permits AdamStage, LbfgsStage {

    /**
     * Returns the optimizer's name as reports print it.
     *
     * @return {@code "Adam"} or {@code "L-BFGS"}
     */
    String optimizerName();
}
