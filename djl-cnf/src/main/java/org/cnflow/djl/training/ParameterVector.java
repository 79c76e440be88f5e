// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/** The trainable parameters of a block seen as one flat vector of doubles, in the block's order. */
final class ParameterVector {

    private final List<Parameter> parameters = new ArrayList<>();
    private final int size;

    ParameterVector(Block block) {
        int total = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                parameters.add(parameter);
                total += Math.toIntExact(parameter.getArray().size());
            }
        }
        size = total;
    }

    int size() {
        return size;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** Returns a copy of the parameters' values. */
    double[] values() {
        double[] values = new double[size];
        int offset = 0;
        for (Parameter parameter : parameters) {
            offset = copyOut(parameter.getArray(), values, offset);
        }
        return values;
    }

    /** Returns a copy of the parameters' gradients. */
    double[] gradients() {
        double[] values = new double[size];
        int offset = 0;
        for (Parameter parameter : parameters) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                offset = copyOut(gradient, values, offset);
            }
        }
        return values;
    }

    /** Writes values into the parameters, converting to each parameter's type. */
    void assign(double[] values) {
        int offset = 0;
        for (Parameter parameter : parameters) {
            NDArray array = parameter.getArray();
            int count = Math.toIntExact(array.size());
            if (array.getDataType() == DataType.FLOAT32) {
                float[] floats = new float[count];
                for (int i = 0; i < count; i++) {
                    floats[i] = (float) values[offset + i];
                }
                array.set(FloatBuffer.wrap(floats));
            } else {
                array.set(DoubleBuffer.wrap(values, offset, count).slice());
            }
            offset += count;
        }
    }

    private static int copyOut(NDArray array, double[] values, int offset) {
        if (array.getDataType() == DataType.FLOAT64) {
            double[] part = array.toDoubleArray();
            System.arraycopy(part, 0, values, offset, part.length);
            return offset + part.length;
        }
        float[] part = array.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < part.length; i++) {
            values[offset + i] = part[i];
        }
        return offset + part.length;
    }

    static double norm(double[] vector) {
        double sum = 0;
        for (double value : vector) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    static boolean isFinite(double[] vector) {
        for (double value : vector) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
