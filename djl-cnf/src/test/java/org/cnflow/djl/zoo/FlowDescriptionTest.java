// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import org.cnflow.djl.flow.BaseDistribution;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.HutchinsonNoise;
import org.cnflow.djl.flow.TraceMethod;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.Elu;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.FlowSequential;
import org.cnflow.djl.nn.Softplus;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.ode.ButcherTableau;
import org.cnflow.djl.ode.ErrorNorm;
import org.cnflow.djl.ode.OdeSolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Describes, exports and reloads flows that use the less common settings. */
class FlowDescriptionTest {

    @TempDir Path temporary;

    private static FfjordBlock unusualFlow() {
        return FfjordBlock.builder()
                .setVectorField(
                        FlowMlp.builder()
                                .setInputSize(2)
                                .optHiddenSizes(5, 4)
                                .optActivation(() -> new Elu(0.5f))
                                .optFinalActivation(Softplus::new)
                                .optTimeDependent(true)
                                .build())
                .setDimension(2)
                .optTimeDependent(true)
                .optTimeSpan(0, 0.5)
                .optSolver(
                        OdeSolver.builder()
                                .optTableau(ButcherTableau.dormandPrince54())
                                .optAbsoluteTolerance(1e-8)
                                .optRelativeTolerance(1e-6)
                                .optErrorNorm(ErrorNorm.PER_ROW)
                                .optMaxSteps(5000)
                                .build())
                .optTraceMethod(TraceMethod.HUTCHINSON)
                .optNoise(HutchinsonNoise.GAUSSIAN)
                .optStandardization(
                        new AffineStandardization(new double[] {1, -2}, new double[] {0.5, 3}))
                .optBaseDistribution(
                        BaseDistribution.diagonalNormal(
                                new double[] {0.1, -0.1}, new double[] {1.5, 0.8}))
                .build();
    }

    @Test
    void unusualFlowSurvivesExport() throws Exception {
        float[][] rows = {{1f, -2f}, {0.5f, 1f}, {2f, -5f}};
        try (NDManager manager = NDManager.newBaseManager()) {
            FfjordBlock flow = unusualFlow();
            flow.initialize(manager, DataType.FLOAT64, new Shape(3, 2));
            float[] values = {1f, -2f, 0.5f, 1f, 2f, -5f};
            double[] expected =
                    flow.logDensity(
                                    manager.create(values, new Shape(3, 2))
                                            .toType(DataType.FLOAT64, false))
                            .getLogDensity()
                            .toDoubleArray();

            Path directory = FlowExporter.exportModel(flow, temporary.resolve("model"));
            FlowDescription read =
                    FlowBlockFactory.readDescription(
                            directory.resolve(FlowModelFiles.DESCRIPTION_FILE));
            assertEquals(FlowDescription.describe(flow), read);
            assertEquals(DataType.FLOAT64, read.dataType());
            assertArrayEquals(new long[] {5, 4}, read.hiddenSizes());
            assertEquals(new ActivationSpec("elu", 0.5f), read.activation());
            assertEquals("softplus", read.finalActivation().type());
            assertEquals("dopri5", read.tableau());

            Criteria<float[][], float[]> criteria =
                    Criteria.builder()
                            .setTypes(float[][].class, float[].class)
                            .optModelPath(directory)
                            .optTranslatorFactory(new FlowTranslatorFactory())
                            .build();
            try (ZooModel<float[][], float[]> model = criteria.loadModel();
                    Predictor<float[][], float[]> predictor = model.newPredictor()) {
                float[] loaded = predictor.predict(rows);
                for (int i = 0; i < rows.length; i++) {
                    // The translator rounds the float64 log-densities to float32.
                    assertEquals(
                            expected[i],
                            loaded[i],
                            1e-6 * Math.max(1, Math.abs(expected[i])),
                            "row " + i);
                }
            }
        }
    }

    @Test
    void customFieldIsRejected() {
        Block field = new FlowSequential().addAll(new Tanh());
        FfjordBlock flow = FfjordBlock.builder().setVectorField(field).setDimension(1).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            flow.initialize(manager, DataType.FLOAT32, new Shape(2, 1));
            assertThrows(IllegalArgumentException.class, () -> FlowDescription.describe(flow));
        }
    }

    @Test
    void uninitializedBlockIsRejected() {
        FfjordBlock flow = ZooTesting.normalFlow(null);
        assertThrows(IllegalArgumentException.class, () -> FlowDescription.describe(flow));
    }
}
