// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * A user block outside the library's layer types: {@code f(z, t) = t A z} on inputs [z, t]. It
 * stores {@code Aᵀ} so that every operation starts from {@code z} and its temporaries attach to
 * {@code z}'s manager.
 */
final class TimeScaledLinearBlock extends AbstractBlock {

    private final Parameter matrix;
    private final int dimension;

    TimeScaledLinearBlock(int dimension) {
        this.dimension = dimension;
        matrix =
                addParameter(
                        Parameter.builder()
                                .setName("transposedMatrix")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(dimension, dimension))
                                .optInitializer(new ConstantInitializer(0))
                                .build());
    }

    void setMatrix(NDManager manager, double[][] a) {
        double[] flat = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                flat[j * dimension + i] = a[i][j];
            }
        }
        matrix.getArray().set(manager.create(flat, new Shape(dimension, dimension)).toByteBuffer());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray t = inputs.get(1);
        NDArray transposed = parameterStore.getValue(matrix, z.getDevice(), training);
        return new NDList(z.matMul(transposed).mul(t));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {}
}
