// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cnflow.djl.flow.FfjordBlock;

/** Reads, writes, seeds and serializes the parameters of a flow's block. */
final class FlowParameters {

    private FlowParameters() {}

    /** Returns the trainable parameters of a block, in the block's order. */
    static List<Parameter> trainable(Block block) {
        List<Parameter> parameters = new ArrayList<>();
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                parameters.add(parameter);
            }
        }
        return parameters;
    }

    /**
     * Overwrites the trainable parameters from a Java generator, so training starts from the same
     * point for the same seed whatever other threads draw from the engine's global generator.
     * Weight matrices of shape (out, in) are Glorot-uniform on {@code ±sqrt(6 / (in + out))},
     * biases are 0, and the remaining parameters (the time gates of concat-squash layers) are
     * uniform on [-1, 1], the range their layer's own initializer uses.
     */
    static void seed(Block block, SplittableRandom random) {
        for (Parameter parameter : trainable(block)) {
            NDArray array = parameter.getArray();
            Shape shape = array.getShape();
            double[] values = new double[Math.toIntExact(shape.size())];
            if (parameter.getType() == Parameter.Type.WEIGHT && shape.dimension() == 2) {
                double limit = Math.sqrt(6.0 / (shape.get(0) + shape.get(1)));
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextDouble(-limit, limit);
                }
            } else if (parameter.getType() != Parameter.Type.BIAS) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextDouble(-1.0, 1.0);
                }
            }
            write(array, values);
        }
    }

    /** Copies the trainable parameters' values, one array per parameter. */
    static double[][] read(Block block) {
        List<Parameter> parameters = trainable(block);
        double[][] values = new double[parameters.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] =
                    parameters.get(i).getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        }
        return values;
    }

    /** Writes values read by {@link #read} back into the trainable parameters. */
    static void write(Block block, double[][] values) {
        List<Parameter> parameters = trainable(block);
        for (int i = 0; i < values.length; i++) {
            write(parameters.get(i).getArray(), values[i]);
        }
    }

    private static void write(NDArray array, double[] values) {
        if (array.getDataType() == DataType.FLOAT32) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            array.set(FloatBuffer.wrap(floats));
        } else {
            array.set(DoubleBuffer.wrap(values));
        }
    }

    /** Serializes every parameter of the block with DJL's {@code saveParameters}. */
    static byte[] toBytes(FfjordBlock block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream output = new DataOutputStream(bytes)) {
            block.saveParameters(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the flow's parameters", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Builds a block from its architecture and loads parameters written by {@link #toBytes}.
     *
     * @throws IllegalArgumentException if the bytes do not match the architecture
     */
    static FfjordBlock load(FlowArchitecture architecture, byte[] parameters, NDManager manager) {
        FfjordBlock block = architecture.buildBlock();
        block.initialize(manager, architecture.dataType(), new Shape(1, architecture.dimension()));
        try (DataInputStream input = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, input);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException(
                    "Invalid serialized FFJORD parameters for " + architecture, e);
        }
        return block;
    }
}
