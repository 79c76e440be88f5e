// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowMlpTest {

    @Test
    void referenceFieldIsLinearTanhLinearTanh() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field =
                    FlowMlp.builder()
                            .setInputSize(1)
                            .optHiddenSizes(3)
                            .optActivation(Tanh::new)
                            .optFinalActivation(Tanh::new)
                            .build();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, 100, 1);

            List<FlowLayer> layers = field.getLayers();
            assertEquals(4, layers.size());
            assertInstanceOf(FlowLinear.class, layers.get(0));
            assertInstanceOf(Tanh.class, layers.get(1));
            assertInstanceOf(FlowLinear.class, layers.get(2));
            assertInstanceOf(Tanh.class, layers.get(3));
            assertFalse(field.isTimeDependent());
            assertEquals(new Shape(3, 1), parameterShape(field, "01FlowLinear_weight"));
            assertEquals(new Shape(3), parameterShape(field, "01FlowLinear_bias"));
            assertEquals(new Shape(1, 3), parameterShape(field, "03FlowLinear_weight"));
            assertEquals(new Shape(1), parameterShape(field, "03FlowLinear_bias"));
        }
    }

    @Test
    void timeDependentFieldUsesConcatSquashLayers() {
        FlowSequential field =
                FlowMlp.builder()
                        .setInputSize(2)
                        .optHiddenSizes(8, 8)
                        .optTimeDependent(true)
                        .build();

        List<FlowLayer> layers = field.getLayers();
        assertEquals(5, layers.size());
        assertInstanceOf(ConcatSquashLinear.class, layers.get(0));
        assertInstanceOf(Tanh.class, layers.get(1));
        assertInstanceOf(ConcatSquashLinear.class, layers.get(2));
        assertInstanceOf(Tanh.class, layers.get(3));
        assertInstanceOf(ConcatSquashLinear.class, layers.get(4));
        assertTrue(field.isTimeDependent());
    }

    @Test
    void parametersTakeDataTypeOfInitialization() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field =
                    FlowMlp.builder()
                            .setInputSize(2)
                            .optHiddenSizes(4)
                            .optTimeDependent(true)
                            .build();
            FlowTesting.initialize(field, manager, DataType.FLOAT32, 10, 2);

            for (Pair<String, Parameter> entry : field.getParameters()) {
                assertEquals(
                        DataType.FLOAT32,
                        entry.getValue().getArray().getDataType(),
                        entry.getKey());
            }
        }
    }

    @Test
    void timeIsIgnoredByTimeIndependentField() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential field = FlowMlp.builder().setInputSize(2).optHiddenSizes(4).build();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, 3, 2);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(19), 3, 2);

            double[] withoutTime =
                    FlowTesting.forward(field, parameterStore, z, null).toDoubleArray();
            NDArray time = FlowTesting.scalar(manager, 5.0);
            double[] withTime = FlowTesting.forward(field, parameterStore, z, time).toDoubleArray();

            assertArrayEquals(withoutTime, withTime, 0.0);
        }
    }

    @Test
    void savedParametersLoadIntoNewField() throws IOException, MalformedModelException {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowSequential original = standardizedTimeDependentField();
            FlowTesting.initialize(original, manager, DataType.FLOAT64, 3, 2);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));

            FlowSequential restored = standardizedTimeDependentField();
            restored.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(29), 3, 2);
            NDArray time = FlowTesting.scalar(manager, 0.25);
            double[] expected =
                    FlowTesting.forward(original, parameterStore, z, time).toDoubleArray();
            double[] actual =
                    FlowTesting.forward(restored, parameterStore, z, time).toDoubleArray();
            assertArrayEquals(expected, actual, 0.0);
        }
    }

    private static FlowSequential standardizedTimeDependentField() {
        FlowSequential field = new FlowSequential();
        field.add(new AffineStandardization(new double[] {1.0, 2.0}, new double[] {3.0, 4.0}));
        field.add(
                FlowMlp.builder().setInputSize(2).optHiddenSizes(4).optTimeDependent(true).build());
        return field;
    }

    @Test
    void nonPositiveHiddenSizeIsRejected() {
        FlowMlp.Builder builder = FlowMlp.builder().setInputSize(2).optHiddenSizes(4, 0);

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(error.getMessage().contains("[4, 0]"), error.getMessage());
    }

    @Test
    void missingInputSizeIsRejected() {
        FlowMlp.Builder builder = FlowMlp.builder().optHiddenSizes(4);

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(error.getMessage().contains("input size"), error.getMessage());
    }

    private static Shape parameterShape(FlowSequential field, String name) {
        return field.getParameters().get(name).getArray().getShape();
    }
}
