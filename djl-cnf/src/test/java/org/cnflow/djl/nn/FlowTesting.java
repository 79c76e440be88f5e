// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.cnflow.djl.EngineSupport;

/** Arrays, reference Jacobians and parameter substitution shared by the layer tests. */
final class FlowTesting {

    private FlowTesting() {}

    /** Returns the PyTorch engine, loading it on first use. */
    static Engine engine() {
        return EngineSupport.pytorch();
    }

    /** Creates a float64 array of independent standard normal values drawn from a Java RNG. */
    static NDArray normal(NDManager manager, Random random, long... shape) {
        Shape arrayShape = new Shape(shape);
        double[] values = new double[Math.toIntExact(arrayShape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return manager.create(values, arrayShape);
    }

    /** Creates a float64 scalar array of shape (). */
    static NDArray scalar(NDManager manager, double value) {
        return manager.create(value);
    }

    /** Initializes a layer for inputs of shape (N, d), with a time input if it needs one. */
    static void initialize(
            FlowLayer layer, NDManager manager, DataType dataType, long rows, long features) {
        if (layer.isTimeDependent()) {
            layer.initialize(manager, dataType, new Shape(rows, features), new Shape());
        } else {
            layer.initialize(manager, dataType, new Shape(rows, features));
        }
    }

    /** Runs the DJL forward pass of a layer, without training. */
    static NDArray forward(
            FlowLayer layer, ParameterStore parameterStore, NDArray z, NDArray time) {
        NDList inputs = time == null ? new NDList(z) : new NDList(z, time);
        return layer.forward(parameterStore, inputs, false).singletonOrThrow();
    }

    /**
     * Computes the Jacobian of every row of a layer's output with respect to the same row of its
     * input by first-order autograd: one forward pass on a fresh leaf copy of {@code z}, then one
     * backward pass per output feature with the graph kept. Works in float32 and float64.
     *
     * @return the Jacobians, indexed [row][output feature][input feature]
     */
    static double[][][] autogradJacobian(
            FlowLayer layer, ParameterStore parameterStore, NDArray z, NDArray time) {
        int rows = Math.toIntExact(z.getShape().get(0));
        int features = Math.toIntExact(z.getShape().get(1));
        double[][][] jacobian = new double[rows][features][features];
        try (NDManager scope = z.getManager().newSubManager()) {
            NDArray leaf = z.toType(DataType.FLOAT64, true).toType(z.getDataType(), false);
            leaf.attach(scope);
            leaf.setRequiresGradient(true);
            try (GradientCollector collector = engine().newGradientCollector()) {
                NDArray y = forward(layer, parameterStore, leaf, time);
                for (int output = 0; output < features; output++) {
                    double[] seed = new double[rows * features];
                    for (int row = 0; row < rows; row++) {
                        seed[row * features + output] = 1.0;
                    }
                    NDArray seedArray =
                            scope.create(seed, z.getShape()).toType(z.getDataType(), false);
                    JniUtils.backward((PtNDArray) y, (PtNDArray) seedArray, true, false);
                    double[] gradient =
                            leaf.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int row = 0; row < rows; row++) {
                        for (int input = 0; input < features; input++) {
                            jacobian[row][output][input] = gradient[row * features + input];
                        }
                    }
                    collector.zeroGradients();
                }
            }
        }
        return jacobian;
    }

    /** Returns the largest absolute elementwise difference of two arrays of equal length. */
    static double maxAbsDifference(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException(
                    "Lengths differ: " + expected.length + " and " + actual.length);
        }
        double max = 0.0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    /** A parameter store that returns substitute arrays for chosen parameters. */
    static final class SubstitutingParameterStore extends ParameterStore {

        private final Map<String, NDArray> substitutes = new HashMap<>();

        SubstitutingParameterStore(NDManager manager) {
            super(manager, false);
        }

        void substitute(Parameter parameter, NDArray array) {
            substitutes.put(parameter.getId(), array);
        }

        void clearSubstitutes() {
            substitutes.clear();
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            NDArray substitute = substitutes.get(parameter.getId());
            if (substitute != null) {
                return substitute;
            }
            return super.getValue(parameter, device, training);
        }
    }
}
