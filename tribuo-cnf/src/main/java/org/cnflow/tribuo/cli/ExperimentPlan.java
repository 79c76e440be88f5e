// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.cli;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.cnflow.tribuo.FfjordTrainer;
import org.cnflow.tribuo.LogDensity;
import org.tribuo.ConfigurableDataSource;

/**
 * The components of a training experiment: the trainer, the training data and either test data or
 * the share of the training data to hold out as test data.
 */
public final class ExperimentPlan implements Configurable {

    @Config(mandatory = true, description = "Trainer of the flow.")
    private FfjordTrainer trainer;

    @Config(mandatory = true, description = "Source of the training examples.")
    private ConfigurableDataSource<LogDensity> trainingSource;

    @Config(description = "Source of the test examples; unset uses testFraction instead.")
    private ConfigurableDataSource<LogDensity> testSource;

    @Config(description = "Share of the training examples held out as test data, in [0, 1).")
    private double testFraction = 0.0;

    @Config(description = "Seed of the shuffle that selects the test examples.")
    private long splitSeed = 1L;

    /** Constructs an unconfigured plan for OLCUT; configuration then calls {@link #postConfig}. */
    private ExperimentPlan() {}

    /**
     * Validates the plan.
     *
     * @throws PropertyException if the test fraction is out of range or set with a test source
     */
    @Override
    public void postConfig() {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new PropertyException(
                    "", "testFraction", "testFraction must be in [0, 1), got " + testFraction);
        }
        if (testSource != null && testFraction > 0) {
            throw new PropertyException(
                    "",
                    "testFraction",
                    "Set either testSource or testFraction, not both (testFraction is "
                            + testFraction
                            + ")");
        }
    }

    FfjordTrainer trainer() {
        return trainer;
    }

    ConfigurableDataSource<LogDensity> trainingSource() {
        return trainingSource;
    }

    ConfigurableDataSource<LogDensity> testSource() {
        return testSource;
    }

    double testFraction() {
        return testFraction;
    }

    long splitSeed() {
        return splitSeed;
    }
}
