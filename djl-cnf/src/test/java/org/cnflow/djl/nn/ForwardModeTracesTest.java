// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForwardModeTracesTest {

    private static final int ROWS = 6;
    private static final int FEATURES = 3;

    /** Both sides are exact up to rounding in float64. */
    private static final double TOLERANCE = 1e-10;

    private static FlowSequential threeLayerTanhMlp() {
        return FlowMlp.builder()
                .setInputSize(FEATURES)
                .optHiddenSizes(5, 4)
                .optActivation(Tanh::new)
                .optFinalActivation(Tanh::new)
                .build();
    }

    private static FlowSequential timeDependentSiluMlp() {
        return FlowMlp.builder()
                .setInputSize(FEATURES)
                .optHiddenSizes(5, 4)
                .optActivation(Silu::new)
                .optTimeDependent(true)
                .build();
    }

    @Test
    void exactTraceMatchesAutogradJacobian() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = threeLayerTanhMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(31), ROWS, FEATURES);

            double[] trace =
                    ForwardModeTraces.exactTrace(field, parameterStore, z, null)
                            .trace()
                            .toDoubleArray();

            double[][][] jacobian = FlowTesting.autogradJacobian(field, parameterStore, z, null);
            assertArrayEquals(traces(jacobian), trace, TOLERANCE);
        }
    }

    @Test
    void timeDependentTraceMatchesAutograd() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = timeDependentSiluMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(37), ROWS, FEATURES);
            NDArray time = FlowTesting.scalar(manager, 0.8);

            double[] trace =
                    ForwardModeTraces.exactTrace(field, parameterStore, z, time)
                            .trace()
                            .toDoubleArray();

            double[][][] jacobian = FlowTesting.autogradJacobian(field, parameterStore, z, time);
            assertArrayEquals(traces(jacobian), trace, TOLERANCE);
        }
    }

    @Test
    void exactTraceValueEqualsForward() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = threeLayerTanhMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(41), ROWS, FEATURES);

            ValueAndTrace result = ForwardModeTraces.exactTrace(field, parameterStore, z, null);

            double[] expected = FlowTesting.forward(field, parameterStore, z, null).toDoubleArray();
            assertArrayEquals(expected, result.value().toDoubleArray(), 0.0);
            assertEquals(new Shape(ROWS), result.trace().getShape());
        }
    }

    @Test
    void hutchinsonMatchesProbeJacobianProduct() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(43);
            FlowSequential field = timeDependentSiluMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, random, ROWS, FEATURES);
            NDArray probe = FlowTesting.normal(manager, random, ROWS, FEATURES);
            NDArray time = FlowTesting.scalar(manager, -0.4);

            double[] estimate =
                    ForwardModeTraces.hutchinson(field, parameterStore, z, time, probe)
                            .trace()
                            .toDoubleArray();

            double[][][] jacobian = FlowTesting.autogradJacobian(field, parameterStore, z, time);
            double[] epsilon = probe.toDoubleArray();
            double[] expected = new double[ROWS];
            for (int row = 0; row < ROWS; row++) {
                for (int i = 0; i < FEATURES; i++) {
                    for (int k = 0; k < FEATURES; k++) {
                        expected[row] +=
                                epsilon[row * FEATURES + i]
                                        * jacobian[row][i][k]
                                        * epsilon[row * FEATURES + k];
                    }
                }
            }
            assertArrayEquals(expected, estimate, TOLERANCE);
        }
    }

    @Test
    void exactTraceInFloat32MatchesFloat64() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = threeLayerTanhMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT32, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(47), ROWS, FEATURES);
            NDArray zSingle = z.toType(DataType.FLOAT32, false);

            ValueAndTrace single =
                    ForwardModeTraces.exactTrace(field, parameterStore, zSingle, null);

            assertEquals(DataType.FLOAT32, single.value().getDataType());
            assertEquals(DataType.FLOAT32, single.trace().getDataType());
            double[][][] jacobian =
                    FlowTesting.autogradJacobian(field, parameterStore, zSingle, null);
            float[] trace = single.trace().toFloatArray();
            double[] expected = traces(jacobian);
            for (int row = 0; row < ROWS; row++) {
                assertEquals(expected[row], trace[row], 1e-5, "row " + row);
            }
        }
    }

    /**
     * Counts the arrays an exact trace of the 1 → 3 → 1 tanh field creates: two for the basis (an
     * identity built by the engine, then reshaped), fifteen for the layers and the diagonal.
     */
    @Test
    void referenceFieldCostsSeventeenArraysPerExactTrace() {
        try (NDManager parameters = FlowTesting.engine().newBaseManager();
                NDManager inputs = FlowTesting.engine().newBaseManager()) {
            FlowSequential field =
                    FlowMlp.builder()
                            .setInputSize(1)
                            .optHiddenSizes(3)
                            .optActivation(Tanh::new)
                            .optFinalActivation(Tanh::new)
                            .build();
            FlowTesting.initialize(field, parameters, DataType.FLOAT64, 100, 1);
            ParameterStore parameterStore = new ParameterStore(parameters, false);
            NDArray z = FlowTesting.normal(inputs, new Random(53), 100, 1);
            int parameterArrays = parameters.getManagedArrays().size();
            int inputArrays = inputs.getManagedArrays().size();

            ForwardModeTraces.exactTrace(field, parameterStore, z, null);

            // Basis and its broadcast, two per linear layer, four per tanh, diagonal and sum.
            assertEquals(17, inputs.getManagedArrays().size() - inputArrays);
            assertEquals(parameterArrays, parameters.getManagedArrays().size());
        }
    }

    @Test
    void probeOfWrongShapeIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = threeLayerTanhMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            Random random = new Random(59);
            NDArray z = FlowTesting.normal(manager, random, ROWS, FEATURES);
            NDArray probe = FlowTesting.normal(manager, random, ROWS, FEATURES - 1);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    ForwardModeTraces.hutchinson(
                                            field, parameterStore, z, null, probe));
            assertTrue(error.getMessage().contains("(6, 2)"), error.getMessage());
            assertTrue(error.getMessage().contains("(6, 3)"), error.getMessage());
        }
    }

    @Test
    void stateOfWrongRankIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = threeLayerTanhMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(61), ROWS * FEATURES);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ForwardModeTraces.exactTrace(field, parameterStore, z, null));
            assertTrue(error.getMessage().contains("(18)"), error.getMessage());
        }
    }

    @Test
    void nonSquareFieldIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowLinear field = FlowLinear.builder().setUnits(2).build();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(67), ROWS, FEATURES);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ForwardModeTraces.exactTrace(field, parameterStore, z, null));
            assertTrue(error.getMessage().contains("(6, 3)"), error.getMessage());
            assertTrue(error.getMessage().contains("2 features"), error.getMessage());
        }
    }

    @Test
    void integerStateIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = threeLayerTanhMlp();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = manager.zeros(new Shape(ROWS, FEATURES), DataType.INT32);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ForwardModeTraces.exactTrace(field, parameterStore, z, null));
            assertTrue(error.getMessage().contains("int32"), error.getMessage());
        }
    }

    private static double[] traces(double[][][] jacobian) {
        double[] traces = new double[jacobian.length];
        for (int row = 0; row < jacobian.length; row++) {
            for (int k = 0; k < jacobian[row].length; k++) {
                traces[row] += jacobian[row][k][k];
            }
        }
        return traces;
    }
}
