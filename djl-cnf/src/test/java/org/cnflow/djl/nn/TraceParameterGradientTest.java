// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the property training relies on: one first-order backward pass through a forward-mode
 * trace gives the exact gradient of the trace with respect to every parameter.
 *
 * <p>Every field ends with an activation. Without one, the trace would not depend on the bias of
 * the last affine layer, and DJL would report that parameter's missing gradient as float32 zeros.
 */
class TraceParameterGradientTest {

    private static final int ROWS = 4;
    private static final int FEATURES = 2;
    private static final double STEP = 1e-6;

    /**
     * Central differences of a float64 sum of O(1) terms: truncation about h² and rounding about
     * 1e-16 / h, so 1e-6 relative to the parameter's largest gradient leaves a wide margin.
     */
    private static final double RELATIVE_TOLERANCE = 1e-6;

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of(
                        "tanh MLP with final tanh",
                        (Supplier<FlowLayer>)
                                () ->
                                        FlowMlp.builder()
                                                .setInputSize(FEATURES)
                                                .optHiddenSizes(3, 3)
                                                .optFinalActivation(Tanh::new)
                                                .build()),
                Arguments.of(
                        "time-dependent softplus MLP",
                        (Supplier<FlowLayer>)
                                () ->
                                        FlowMlp.builder()
                                                .setInputSize(FEATURES)
                                                .optHiddenSizes(4)
                                                .optActivation(Softplus::new)
                                                .optFinalActivation(Softplus::new)
                                                .optTimeDependent(true)
                                                .build()),
                Arguments.of(
                        "ELU, sigmoid and SiLU layers",
                        (Supplier<FlowLayer>)
                                () ->
                                        new FlowSequential()
                                                .add(FlowLinear.builder().setUnits(3).build())
                                                .add(new Elu(0.7f))
                                                .add(FlowLinear.builder().setUnits(3).build())
                                                .add(new Sigmoid())
                                                .add(
                                                        FlowLinear.builder()
                                                                .setUnits(FEATURES)
                                                                .build())
                                                .add(new Silu())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void traceGradientsMatchFiniteDifferences(String name, Supplier<FlowLayer> factory) {
        try (NDManager manager = FlowTesting.engine().newBaseManager()) {
            Random random = new Random(71);
            FlowLayer field = factory.get();
            FlowTesting.initialize(field, manager, DataType.FLOAT64, ROWS, FEATURES);
            FlowTesting.SubstitutingParameterStore parameterStore =
                    new FlowTesting.SubstitutingParameterStore(manager);
            NDArray z = FlowTesting.normal(manager, random, ROWS, FEATURES);
            NDArray time = field.isTimeDependent() ? FlowTesting.scalar(manager, 0.6) : null;

            try (GradientCollector collector = FlowTesting.engine().newGradientCollector()) {
                NDArray loss =
                        ForwardModeTraces.exactTrace(field, parameterStore, z, time).trace().sum();
                collector.backward(loss);
            }

            for (Pair<String, Parameter> entry : field.getParameters()) {
                Parameter parameter = entry.getValue();
                double[] gradient = parameter.getArray().getGradient().toDoubleArray();
                double largest = 0.0;
                for (double value : gradient) {
                    largest = Math.max(largest, Math.abs(value));
                }
                assertTrue(largest > 0.0, entry.getKey() + " has a zero gradient");

                double[] values = parameter.getArray().toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    double plus =
                            traceSum(field, parameterStore, parameter, values, i, STEP, z, time);
                    double minus =
                            traceSum(field, parameterStore, parameter, values, i, -STEP, z, time);
                    double difference = (plus - minus) / (2 * STEP);
                    assertEquals(
                            difference,
                            gradient[i],
                            RELATIVE_TOLERANCE * largest,
                            entry.getKey() + "[" + i + "]");
                }
            }
        }
    }

    /** Returns the summed exact trace with one element of a parameter shifted by {@code shift}. */
    private static double traceSum(
            FlowLayer field,
            FlowTesting.SubstitutingParameterStore parameterStore,
            Parameter parameter,
            double[] values,
            int index,
            double shift,
            NDArray z,
            NDArray time) {
        double[] shifted = values.clone();
        shifted[index] += shift;
        try (NDManager scope = z.getManager().newSubManager()) {
            parameterStore.substitute(
                    parameter, scope.create(shifted, parameter.getArray().getShape()));
            double sum =
                    ForwardModeTraces.exactTrace(field, parameterStore, z, time)
                            .trace()
                            .sum()
                            .getDouble();
            parameterStore.clearSubstitutes();
            return sum;
        }
    }
}
