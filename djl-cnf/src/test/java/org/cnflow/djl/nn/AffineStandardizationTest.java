// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

class AffineStandardizationTest {

    private static final double[] MEAN = {6.0, -1.0, 0.25};
    private static final double[] SCALE = {0.7, 2.5, 0.01};
    private static final int ROWS = 5;

    @Test
    void inverseUndoesForward() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);
            FlowTesting.initialize(standardization, manager, DataType.FLOAT64, ROWS, MEAN.length);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(3), ROWS, MEAN.length).mul(4.0);

            NDArray y = FlowTesting.forward(standardization, parameterStore, z, null);
            NDArray restored = standardization.inverse(parameterStore, y);

            assertArrayEquals(z.toDoubleArray(), restored.toDoubleArray(), 1e-13);
        }
    }

    @Test
    void forwardSubtractsMeanAndDividesByScale() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);
            FlowTesting.initialize(standardization, manager, DataType.FLOAT64, 1, MEAN.length);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = manager.create(new double[] {6.7, 4.0, 0.26}, new Shape(1, 3));

            double[] y =
                    FlowTesting.forward(standardization, parameterStore, z, null).toDoubleArray();

            assertArrayEquals(new double[] {1.0, 2.0, 1.0}, y, 1e-12);
        }
    }

    @Test
    void logAbsDetJacobianMatchesJacobianDeterminant() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);
            FlowTesting.initialize(standardization, manager, DataType.FLOAT64, 1, MEAN.length);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, new Random(7), 1, MEAN.length);
            int features = MEAN.length;
            NDArray basis = manager.eye(features, features, 0, DataType.FLOAT64);

            double[] columns =
                    standardization
                            .forwardWithTangents(
                                    parameterStore, z, basis.reshape(features, 1, features), null)
                            .tangents()
                            .toDoubleArray();

            // Tangent k is column k of the Jacobian.
            double[][] jacobian = new double[features][features];
            for (int k = 0; k < features; k++) {
                for (int i = 0; i < features; i++) {
                    jacobian[i][k] = columns[k * features + i];
                }
            }
            double determinant =
                    new LUDecomposition(new Array2DRowRealMatrix(jacobian)).getDeterminant();
            assertEquals(
                    Math.log(Math.abs(determinant)), standardization.logAbsDetJacobian(), 1e-12);
        }
    }

    @Test
    void meanAndScaleAreNotTrainable() {
        AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);

        for (Parameter parameter : standardization.getParameters().values()) {
            assertFalse(parameter.requiresGradient(), parameter.getName());
        }
    }

    @Test
    void float32InitializationGivesFloat32Output() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);
            FlowTesting.initialize(standardization, manager, DataType.FLOAT32, ROWS, MEAN.length);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z =
                    FlowTesting.normal(manager, new Random(11), ROWS, MEAN.length)
                            .toType(DataType.FLOAT32, false);

            NDArray y = FlowTesting.forward(standardization, parameterStore, z, null);

            assertEquals(DataType.FLOAT32, y.getDataType());
        }
    }

    @Test
    void nonPositiveScaleIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new AffineStandardization(MEAN, new double[] {1.0, 0.0, 1.0}));
        assertTrue(error.getMessage().contains("scale[1] is 0.0"), error.getMessage());
    }

    @Test
    void lengthMismatchIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new AffineStandardization(MEAN, new double[] {1.0, 2.0}));
        assertTrue(error.getMessage().contains("3 and 2"), error.getMessage());
    }

    @Test
    void inputWithOtherFeatureCountIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    FlowTesting.initialize(
                                            standardization, manager, DataType.FLOAT64, ROWS, 2));
            assertTrue(error.getMessage().contains("(5, 2)"), error.getMessage());
        }
    }

    @Test
    void inverseOfWrongShapeIsRejected() {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            AffineStandardization standardization = new AffineStandardization(MEAN, SCALE);
            FlowTesting.initialize(standardization, manager, DataType.FLOAT64, ROWS, MEAN.length);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray y = FlowTesting.normal(manager, new Random(13), ROWS, 2);

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> standardization.inverse(parameterStore, y));
            assertTrue(error.getMessage().contains("(5, 2)"), error.getMessage());
        }
    }
}
