// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import java.util.SplittableRandom;
import org.cnflow.djl.nn.FlowLinear;
import org.junit.jupiter.api.Test;

class HutchinsonEstimateTest {

    private static final int ESTIMATES = 10_000;

    /** A dense, non-symmetric 3 × 3 matrix; its trace is 1.1. */
    private static final double[][] MATRIX = {
        {0.9, -1.3, 0.4},
        {0.7, -0.5, 1.6},
        {-1.1, 0.8, 0.7}
    };

    @Test
    void autogradGaussianEstimateIsUnbiased() {
        checkUnbiased(HutchinsonNoise.GAUSSIAN, false);
    }

    @Test
    void autogradRademacherEstimateIsUnbiased() {
        checkUnbiased(HutchinsonNoise.RADEMACHER, false);
    }

    @Test
    void forwardModeGaussianEstimateIsUnbiased() {
        checkUnbiased(HutchinsonNoise.GAUSSIAN, true);
    }

    @Test
    void forwardModeRademacherEstimateIsUnbiased() {
        checkUnbiased(HutchinsonNoise.RADEMACHER, true);
    }

    private static void checkUnbiased(HutchinsonNoise noise, boolean forwardMode) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FieldEvaluator evaluator;
            if (forwardMode) {
                FlowLinear field = FlowLinear.builder().setUnits(3).optBias(false).build();
                field.initialize(manager, DataType.FLOAT64, new Shape(1, 3));
                FfjordGradientTest.setAll(field, FfjordAutogradPathTest.flatten(MATRIX));
                evaluator = new ForwardModeEvaluator(field, false);
            } else {
                TimeScaledLinearBlock field = new TimeScaledLinearBlock(3);
                field.initialize(manager, DataType.FLOAT64, new Shape(1, 3), new Shape());
                field.setMatrix(manager, MATRIX);
                evaluator = new AutogradEvaluator(field, true);
            }

            double[] points = new double[ESTIMATES * 3];
            Random random = new Random(1);
            for (int i = 0; i < points.length; i++) {
                points[i] = random.nextGaussian();
            }
            NDArray z = manager.create(points, new Shape(ESTIMATES, 3));
            NDArray probe =
                    noise.draw(manager, z.getShape(), DataType.FLOAT64, new SplittableRandom(2));
            // The Jacobian is A for every row: of A z, and of t A z at t = 1.
            double[] estimates =
                    evaluator
                            .evaluate(new ParameterStore(manager, false), z, 1.0, probe, false)
                            .trace()
                            .toDoubleArray();

            double mean = 0;
            for (double estimate : estimates) {
                mean += estimate / ESTIMATES;
            }
            double variance = 0;
            for (double estimate : estimates) {
                variance += (estimate - mean) * (estimate - mean) / (ESTIMATES - 1);
            }
            double standardError = Math.sqrt(variance / ESTIMATES);
            double exact = LinearAlgebra.trace(MATRIX);
            assertTrue(standardError > 0, "estimates vary from probe to probe");
            assertEquals(exact, mean, 3 * standardError, noise + " mean of " + ESTIMATES);
        }
    }
}
