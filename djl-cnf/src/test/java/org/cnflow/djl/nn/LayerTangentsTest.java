// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerTangentsTest {

    private static final long ROWS = 5;
    private static final long FEATURES = 3;
    private static final long DIRECTIONS = 4;

    /** Central differences in float64: truncation about h², rounding about 1e-16 / h = 1e-10. */
    private static final double STEP = 1e-6;

    private static final double TOLERANCE = 1e-7;

    static Stream<Arguments> layers() {
        return Stream.of(
                layer("FlowLinear", () -> FlowLinear.builder().setUnits(4).build()),
                layer(
                        "FlowLinear without bias",
                        () -> FlowLinear.builder().setUnits(2).optBias(false).build()),
                layer("ConcatSquashLinear", () -> ConcatSquashLinear.builder().setUnits(4).build()),
                layer("Tanh", Tanh::new),
                layer("Softplus", Softplus::new),
                layer("Sigmoid", Sigmoid::new),
                layer("Elu", Elu::new),
                layer("Elu with alpha 0.5", () -> new Elu(0.5f)),
                layer("Silu", Silu::new),
                layer(
                        "AffineStandardization",
                        () ->
                                new AffineStandardization(
                                        new double[] {1.0, -2.0, 0.5},
                                        new double[] {0.5, 2.0, 3.0})),
                layer(
                        "FlowSequential of tanh MLP",
                        () ->
                                FlowMlp.builder()
                                        .setInputSize(FEATURES)
                                        .optHiddenSizes(5, 4)
                                        .optFinalActivation(Tanh::new)
                                        .build()),
                layer(
                        "FlowSequential of time-dependent softplus MLP",
                        () ->
                                FlowMlp.builder()
                                        .setInputSize(FEATURES)
                                        .optHiddenSizes(6)
                                        .optActivation(Softplus::new)
                                        .optTimeDependent(true)
                                        .build()),
                layer("empty FlowSequential", FlowSequential::new));
    }

    private static Arguments layer(String name, Supplier<FlowLayer> factory) {
        return Arguments.of(name, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void tangentsMatchFiniteDifferences(String name, Supplier<FlowLayer> factory) {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(17);
            FlowLayer layer = factory.get();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            // Scaled inputs reach both sides of the kinks and the saturated ranges of activations.
            NDArray z = FlowTesting.normal(manager, random, ROWS, FEATURES).mul(2.0);
            NDArray directions = FlowTesting.normal(manager, random, DIRECTIONS, ROWS, FEATURES);
            NDArray time = layer.isTimeDependent() ? FlowTesting.scalar(manager, 0.7) : null;

            NDArray tangents =
                    layer.forwardWithTangents(parameterStore, z, directions, time).tangents();

            long outputs = layer.getOutputShapes(new Shape[] {z.getShape()})[0].get(1);
            assertEquals(new Shape(DIRECTIONS, ROWS, outputs), tangents.getShape());
            for (int k = 0; k < DIRECTIONS; k++) {
                NDArray direction = directions.get(k);
                NDArray plus =
                        FlowTesting.forward(
                                layer, parameterStore, z.add(direction.mul(STEP)), time);
                NDArray minus =
                        FlowTesting.forward(
                                layer, parameterStore, z.sub(direction.mul(STEP)), time);
                double[] difference = plus.sub(minus).div(2 * STEP).toDoubleArray();
                double error =
                        FlowTesting.maxAbsDifference(difference, tangents.get(k).toDoubleArray());
                assertTrue(
                        error < TOLERANCE,
                        "direction " + k + ": tangents differ from finite differences by " + error);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void valueWithTangentsEqualsForward(String name, Supplier<FlowLayer> factory) {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(23);
            FlowLayer layer = factory.get();
            FlowTesting.initialize(layer, manager, DataType.FLOAT64, ROWS, FEATURES);
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray z = FlowTesting.normal(manager, random, ROWS, FEATURES).mul(2.0);
            NDArray directions = FlowTesting.normal(manager, random, DIRECTIONS, ROWS, FEATURES);
            NDArray time = layer.isTimeDependent() ? FlowTesting.scalar(manager, -0.3) : null;

            NDArray value = layer.forwardWithTangents(parameterStore, z, directions, time).value();

            double[] expected = FlowTesting.forward(layer, parameterStore, z, time).toDoubleArray();
            assertArrayEquals(expected, value.toDoubleArray(), 0.0);
        }
    }
}
