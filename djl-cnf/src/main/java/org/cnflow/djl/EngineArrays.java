// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Creates arrays from host values whose memory belongs to the engine.
 *
 * <p>On the CPU, DJL 0.36's PyTorch engine wraps the direct buffer of {@code NDManager.create}
 * without copying it ({@code from_blob}), and only the Java {@code NDArray} keeps that buffer
 * alive. An autograd graph that saved such a tensor (as a factor of a product does) reads freed
 * memory once the array is closed and its buffer collected, which shows as NaN or wrong gradients
 * that change from run to run. DJL's own {@code mul(Number)} creates and closes such a scalar.
 * Every array that can enter a recorded graph is therefore created here, as an engine-owned copy.
 *
 * <p>The copy also makes results repeatable: the engine aligns its own allocations, while the
 * alignment of a Java direct buffer varies from call to call, and vectorized reductions over
 * differently aligned memory can round differently in the last bit.
 */
public final class EngineArrays {

    private EngineArrays() {}

    /**
     * Creates an engine-owned array from host values.
     *
     * @param manager the manager of the new array
     * @param values the values in row-major order
     * @param shape the shape
     * @param dataType float32 or float64
     * @return the array, which shares no memory with Java
     */
    public static NDArray create(
            NDManager manager, double[] values, Shape shape, DataType dataType) {
        try (NDArray wrapped = wrap(manager, values, shape, dataType)) {
            return wrapped.duplicate();
        }
    }

    /**
     * Creates an engine-owned scalar array.
     *
     * @param manager the manager of the new array
     * @param value the value
     * @param dataType float32 or float64
     * @return a scalar array of shape ()
     */
    public static NDArray scalar(NDManager manager, double value, DataType dataType) {
        // The engine fills the array itself, in double precision, with no Java buffer involved.
        return JniUtils.full(
                (PtNDManager) manager,
                new Shape(),
                value,
                dataType,
                manager.getDevice(),
                SparseFormat.DENSE);
    }

    /**
     * Multiplies an array by a constant through an engine-owned scalar, so the product can be
     * differentiated safely.
     *
     * @param array the array
     * @param factor the constant
     * @return {@code factor · array}, on {@code array}'s manager
     */
    public static NDArray scale(NDArray array, double factor) {
        try (NDArray constant = scalar(array.getManager(), factor, array.getDataType())) {
            return array.mul(constant);
        }
    }

    private static NDArray wrap(
            NDManager manager, double[] values, Shape shape, DataType dataType) {
        if (dataType == DataType.FLOAT32) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            return manager.create(floats, shape);
        }
        if (dataType == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        throw new IllegalArgumentException("Expected float32 or float64, got " + dataType);
    }
}
