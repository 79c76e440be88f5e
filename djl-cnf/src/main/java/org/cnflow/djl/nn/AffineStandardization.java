// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * A fixed elementwise affine map {@code y = (z − μ) / s} that standardizes data before a flow.
 *
 * <p>The mean {@code μ} and the scale {@code s}, both of shape (d), are given at construction and
 * are not trained: they are parameters without gradient, stored with the block and created in the
 * data type given to {@link #initialize}. The Jacobian is {@code diag(1 / s)}, so a density in
 * {@code y} transforms back as {@code log p_z(z) = log p_y(y) + } {@link #logAbsDetJacobian()}. One
 * evaluation with tangents costs three engine calls.
 *
 * <p>NOTE: {@code freezeParameters(false)} on an enclosing block also unfreezes {@code μ} and
 * {@code s}, after which an optimizer would train them.
 */
public class AffineStandardization extends FlowLayer {

    private static final byte VERSION = 1;

    private final double[] meanValues;
    private final double[] scaleValues;
    private final Parameter mean;
    private final Parameter scale;

    /**
     * Creates a standardization with the given mean and scale.
     *
     * @param mean μ, one finite value per feature
     * @param scale s, one positive finite value per feature
     * @throws IllegalArgumentException if the lengths differ or are zero, or a value is invalid
     */
    public AffineStandardization(double[] mean, double[] scale) {
        super(VERSION);
        if (mean.length == 0 || mean.length != scale.length) {
            throw new IllegalArgumentException(
                    "The mean and the scale must have the same positive length, but have lengths "
                            + mean.length
                            + " and "
                            + scale.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException(
                        "The mean must be finite, but mean[" + i + "] is " + mean[i]);
            }
            if (!(scale[i] > 0.0) || Double.isInfinite(scale[i])) {
                throw new IllegalArgumentException(
                        "The scale must be positive and finite, but scale["
                                + i
                                + "] is "
                                + scale[i]);
            }
        }
        meanValues = mean.clone();
        scaleValues = scale.clone();
        this.mean = addParameter(constant("mean", meanValues));
        this.scale = addParameter(constant("scale", scaleValues));
    }

    private static Parameter constant(String name, double[] values) {
        Initializer initializer =
                (manager, shape, dataType) -> manager.create(values, shape).toType(dataType, false);
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(values.length))
                .optInitializer(initializer)
                .optRequiresGrad(false)
                .build();
    }

    /**
     * Returns the mean μ.
     *
     * @return a copy of μ, of length d
     */
    public double[] getMean() {
        return meanValues.clone();
    }

    /**
     * Returns the scale s.
     *
     * @return a copy of s, of length d
     */
    public double[] getScale() {
        return scaleValues.clone();
    }

    /**
     * Returns {@code log |det J| = −Σ log s_i}, the same for every input.
     *
     * @return the log absolute determinant of the Jacobian of {@code z ↦ y}
     */
    public double logAbsDetJacobian() {
        double sum = 0.0;
        for (double value : scaleValues) {
            sum += StrictMath.log(value);
        }
        return -sum;
    }

    /**
     * Maps standardized values back: {@code z = y ⊙ s + μ}.
     *
     * @param parameterStore the store μ and s are read from
     * @param y standardized values, of shape (N, d)
     * @return the original values, of shape (N, d)
     * @throws IllegalArgumentException if {@code y} does not have shape (N, d)
     * @throws IllegalStateException if the layer has not been initialized
     */
    public NDArray inverse(ParameterStore parameterStore, NDArray y) {
        if (!isInitialized()) {
            throw new IllegalStateException(
                    "AffineStandardization is not initialized: call initialize(manager, dataType,"
                            + " shapes) first");
        }
        Shape shape = y.getShape();
        if (shape.dimension() != 2 || shape.get(1) != meanValues.length) {
            throw new IllegalArgumentException(
                    "The standardized values must have shape (N, "
                            + meanValues.length
                            + "), but have shape "
                            + shape);
        }
        Device device = y.getDevice();
        NDArray scaleArray = parameterStore.getValue(scale, device, false);
        NDArray meanArray = parameterStore.getValue(mean, device, false);
        return y.mul(scaleArray).add(meanArray);
    }

    @Override
    protected long getOutputSize(long inputSize) {
        return inputSize;
    }

    /**
     * Checks that the inputs have as many features as μ.
     *
     * @param inputShapes the shapes {@code [(N, d)]} or {@code [(N, d), ()]}
     * @throws IllegalArgumentException if the number of features differs from the length of μ
     */
    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes[0].get(1) != meanValues.length) {
            throw new IllegalArgumentException(
                    "The input must have "
                            + meanValues.length
                            + " features to match the mean, but has shape "
                            + inputShapes[0]);
        }
    }

    @Override
    protected NDArray forwardValueInternal(
            ParameterStore parameterStore, NDArray z, NDArray time, boolean training) {
        Device device = z.getDevice();
        NDArray meanArray = parameterStore.getValue(mean, device, training);
        NDArray scaleArray = parameterStore.getValue(scale, device, training);
        return z.sub(meanArray).div(scaleArray);
    }

    @Override
    protected Tangents forwardWithTangentsInternal(
            ParameterStore parameterStore, NDArray z, NDArray tangents, NDArray time) {
        Device device = z.getDevice();
        NDArray meanArray = parameterStore.getValue(mean, device, true);
        NDArray scaleArray = parameterStore.getValue(scale, device, true);
        NDArray value = z.sub(meanArray).div(scaleArray);
        return new Tangents(value, tangents.div(scaleArray));
    }
}
