// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.FlowOutput;
import org.cnflow.djl.training.IterationProgress;
import org.cnflow.djl.training.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a training stage when the validation negative log-likelihood has not improved for a number
 * of checks, and remembers the parameters of the best check.
 *
 * <p>The listener runs after the iteration's gradient and before the optimizer's update, so the
 * parameters it checks are those the iteration's loss was computed at. The patience count restarts
 * with every stage.
 */
final class EarlyStopping implements TrainingListener {

    private static final Logger logger = LoggerFactory.getLogger(EarlyStopping.class);

    private final FfjordBlock block;
    private final NDArray validation;
    private final int interval;
    private final int patience;
    private double[][] bestParameters;
    private double bestNegativeLogLikelihood = Double.POSITIVE_INFINITY;
    private int bestStage = -1;
    private int bestIteration = -1;
    private int checks;
    private int stage = -1;
    private int checksWithoutImprovement;

    EarlyStopping(FfjordBlock block, NDArray validation, int interval, int patience) {
        this.block = block;
        this.validation = validation;
        this.interval = interval;
        this.patience = patience;
    }

    @Override
    public boolean onIteration(IterationProgress progress) {
        if (progress.stage() != stage) {
            stage = progress.stage();
            checksWithoutImprovement = 0;
        }
        if (progress.iteration() % interval != 1 && interval != 1) {
            return true;
        }
        double negativeLogLikelihood = validationNegativeLogLikelihood();
        checks++;
        if (negativeLogLikelihood < bestNegativeLogLikelihood) {
            bestNegativeLogLikelihood = negativeLogLikelihood;
            bestParameters = FlowParameters.read(block.getVectorField());
            bestStage = progress.stage();
            bestIteration = progress.iteration();
            checksWithoutImprovement = 0;
            return true;
        }
        checksWithoutImprovement++;
        if (checksWithoutImprovement >= patience) {
            logger.info(
                    "Stopping {} at iteration {}: validation NLL {} has not improved on {} for {}"
                            + " checks",
                    progress.optimizer(),
                    progress.iteration(),
                    negativeLogLikelihood,
                    bestNegativeLogLikelihood,
                    patience);
            return false;
        }
        return true;
    }

    private double validationNegativeLogLikelihood() {
        try (FlowOutput output = block.logDensity(validation)) {
            double value =
                    -output.getLogDensity().mean().toType(DataType.FLOAT64, false).getDouble();
            return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
        }
    }

    /** Writes the best check's parameters back into the block, if any check ran. */
    void restoreBest() {
        if (bestParameters != null) {
            FlowParameters.write(block.getVectorField(), bestParameters);
        }
    }

    /** Returns the best check and the number of checks as provenance. */
    MapProvenance<Provenance> provenance() {
        Map<String, Provenance> fields = new LinkedHashMap<>();
        fields.put(
                "rows", new IntProvenance("rows", Math.toIntExact(validation.getShape().get(0))));
        fields.put("checks", new IntProvenance("checks", checks));
        fields.put(
                "bestNegativeLogLikelihood",
                FfjordTrainer.number("bestNegativeLogLikelihood", bestNegativeLogLikelihood));
        fields.put("bestStage", new IntProvenance("bestStage", bestStage));
        fields.put("bestIteration", new IntProvenance("bestIteration", bestIteration));
        return new MapProvenance<>(fields);
    }
}
