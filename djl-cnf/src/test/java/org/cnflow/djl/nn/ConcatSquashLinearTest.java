// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConcatSquashLinearTest {

    private static final int ROWS = 4;
    private static final int INPUTS = 3;
    private static final int UNITS = 2;
    private static final double[] TIMES = {-1.5, 0.0, 0.4, 3.0};
    private static final double STEP = 1e-6;

    @Test
    void valueMatchesClosedFormAtSeveralTimes() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            ConcatSquashLinear layer = ConcatSquashLinear.builder().setUnits(UNITS).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, INPUTS);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(5), ROWS, INPUTS);
            double[] weight = parameter(layer, "weight");
            double[] bias = parameter(layer, "bias");
            double[] gateWeight = parameter(layer, "gateWeight");
            double[] gateBias = parameter(layer, "gateBias");
            double[] timeBiasWeight = parameter(layer, "timeBiasWeight");
            double[] input = z.toDoubleArray();

            for (double t : TIMES) {
                NDArray time = FlowTesting.scalar(manager, t);
                double[] actual =
                        FlowTesting.forward(layer, parameterStore, z, time).toDoubleArray();

                for (int row = 0; row < ROWS; row++) {
                    for (int unit = 0; unit < UNITS; unit++) {
                        double linear = bias[unit];
                        for (int i = 0; i < INPUTS; i++) {
                            linear += input[row * INPUTS + i] * weight[unit * INPUTS + i];
                        }
                        double gate =
                                1.0 / (1.0 + Math.exp(-(t * gateWeight[unit] + gateBias[unit])));
                        double expected = linear * gate + t * timeBiasWeight[unit];
                        assertEquals(
                                expected,
                                actual[row * UNITS + unit],
                                1e-14,
                                "t = " + t + ", row " + row + ", unit " + unit);
                    }
                }
            }
        }
    }

    @Test
    void tangentsMatchFiniteDifferencesAtSeveralTimes() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(9);
            ConcatSquashLinear layer = ConcatSquashLinear.builder().setUnits(UNITS).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, INPUTS);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, random, ROWS, INPUTS);
            NDArray directions = FlowTesting.normal(manager, random, 2, ROWS, INPUTS);

            for (double t : TIMES) {
                NDArray time = FlowTesting.scalar(manager, t);
                NDArray tangents =
                        layer.forwardWithTangents(parameterStore, z, directions, time).tangents();
                for (int k = 0; k < 2; k++) {
                    NDArray step = directions.get(k).mul(STEP);
                    NDArray plus = FlowTesting.forward(layer, parameterStore, z.add(step), time);
                    NDArray minus = FlowTesting.forward(layer, parameterStore, z.sub(step), time);
                    double[] difference = plus.sub(minus).div(2 * STEP).toDoubleArray();
                    double error =
                            FlowTesting.maxAbsDifference(
                                    difference, tangents.get(k).toDoubleArray());
                    assertTrue(error < 1e-7, "t = " + t + ", direction " + k + ": error " + error);
                }
            }
        }
    }

    @Test
    void tangentsChangeWithTime() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(13);
            ConcatSquashLinear layer = ConcatSquashLinear.builder().setUnits(UNITS).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, INPUTS);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, random, ROWS, INPUTS);
            NDArray directions = FlowTesting.normal(manager, random, 1, ROWS, INPUTS);

            double[] early =
                    layer.forwardWithTangents(
                                    parameterStore, z, directions, FlowTesting.scalar(manager, 0.0))
                            .tangents()
                            .toDoubleArray();
            double[] late =
                    layer.forwardWithTangents(
                                    parameterStore, z, directions, FlowTesting.scalar(manager, 3.0))
                            .tangents()
                            .toDoubleArray();

            assertNotEquals(0.0, FlowTesting.maxAbsDifference(early, late));
        }
    }

    @Test
    void missingTimeIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            ConcatSquashLinear layer = ConcatSquashLinear.builder().setUnits(UNITS).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, INPUTS);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(1), ROWS, INPUTS);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> layer.forward(parameterStore, new NDList(z), false));
            assertTrue(error.getMessage().contains("time"), error.getMessage());
        }
    }

    @Test
    void timeOfWrongShapeIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            ConcatSquashLinear layer = ConcatSquashLinear.builder().setUnits(UNITS).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, INPUTS);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(1), ROWS, INPUTS);
            NDArray times = manager.create(new double[] {0.0, 1.0});

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> layer.forward(parameterStore, new NDList(z, times), false));
            assertTrue(error.getMessage().contains("(2)"), error.getMessage());
        }
    }

    private static double[] parameter(ConcatSquashLinear layer, String name) {
        for (Parameter parameter : layer.getDirectParameters().values()) {
            if (parameter.getName().equals(name)) {
                return parameter.getArray().toDoubleArray();
            }
        }
        throw new IllegalArgumentException("No parameter named " + name);
    }
}
