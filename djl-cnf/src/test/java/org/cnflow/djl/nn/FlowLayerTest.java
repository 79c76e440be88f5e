// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Argument checks shared by all flow layers, and parameter substitution. */
class FlowLayerTest {

    @Test
    void tangentsOfWrongShapeAreRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(2);
            FlowLinear layer = FlowLinear.builder().setUnits(2).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, 4, 3);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, random, 4, 3);
            NDArray tangents = FlowTesting.normal(manager, random, 2, 5, 3);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> layer.forwardWithTangents(parameterStore, z, tangents, null));
            assertTrue(error.getMessage().contains("(2, 5, 3)"), error.getMessage());
            assertTrue(error.getMessage().contains("(K, 4, 3)"), error.getMessage());
        }
    }

    @Test
    void inputWithOtherFeatureCountIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowLinear layer = FlowLinear.builder().setUnits(2).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, 4, 3);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(3), 4, 5);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> layer.forward(parameterStore, new NDList(z), false));
            assertTrue(error.getMessage().contains("(N, 3)"), error.getMessage());
            assertTrue(error.getMessage().contains("(4, 5)"), error.getMessage());
        }
    }

    @Test
    void threeInputsAreRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Tanh layer = new Tanh();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, 4, 3);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(4), 4, 3);
            NDArray time = FlowTesting.scalar(manager, 0.0);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> layer.forward(parameterStore, new NDList(z, time, time), false));
            assertTrue(error.getMessage().contains("3 arrays"), error.getMessage());
        }
    }

    @Test
    void initializationWithVectorShapeIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowLinear layer = FlowLinear.builder().setUnits(2).build();

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> layer.initialize(manager, DataType.FLOAT64, new Shape(3)));
            assertTrue(error.getMessage().contains("[(3)]"), error.getMessage());
        }
    }

    @Test
    void uninitializedLayerIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(5);
            FlowLinear layer = FlowLinear.builder().setUnits(2).build();
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, random, 4, 3);
            NDArray tangents = FlowTesting.normal(manager, random, 1, 4, 3);

            IllegalStateException error =
                    assertThrows(
                            IllegalStateException.class,
                            () -> layer.forwardWithTangents(parameterStore, z, tangents, null));
            assertTrue(error.getMessage().contains("initialize"), error.getMessage());
        }
    }

    @Test
    void parameterStoreSubclassSubstitutesWeights() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            FlowLinear layer = FlowLinear.builder().setUnits(2).optBias(false).build();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, 1, 2);
            FlowTesting.SubstitutingParameterStore parameterStore =
                    new FlowTesting.SubstitutingParameterStore(manager);
            Parameter weight = layer.getParameters().get("weight");
            parameterStore.substitute(
                    weight, manager.create(new double[] {1.0, 2.0, 3.0, 4.0}, new Shape(2, 2)));
            NDArray z = manager.create(new double[] {1.0, -1.0}, new Shape(1, 2));
            NDArray tangents = manager.create(new double[] {0.0, 1.0}, new Shape(1, 1, 2));

            Tangents result = layer.forwardWithTangents(parameterStore, z, tangents, null);

            assertArrayEquals(new double[] {-1.0, -1.0}, result.value().toDoubleArray(), 0.0);
            assertArrayEquals(new double[] {2.0, 4.0}, result.tangents().toDoubleArray(), 0.0);
        }
    }

    @Test
    void nonPositiveUnitsAreRejected() {
        IllegalArgumentException linearError =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FlowLinear.builder().setUnits(0).build());
        assertTrue(linearError.getMessage().contains("is 0"), linearError.getMessage());
        IllegalArgumentException squashError =
                assertThrows(
                        IllegalArgumentException.class, () -> ConcatSquashLinear.builder().build());
        assertTrue(squashError.getMessage().contains("is 0"), squashError.getMessage());
    }

    @Test
    void nonPositiveEluAlphaIsRejected() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new Elu(-1.0f));
        assertTrue(error.getMessage().contains("-1.0"), error.getMessage());
    }
}
