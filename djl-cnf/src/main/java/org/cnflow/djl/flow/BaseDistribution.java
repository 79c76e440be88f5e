// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cnflow.djl.EngineArrays;

/**
 * The distribution of the latent variable {@code z(t1)}: a normal with diagonal covariance.
 *
 * <p>Instances are immutable.
 */
public final class BaseDistribution {

    private static final double LOG_TWO_PI = StrictMath.log(2 * Math.PI);

    private final double[] mean;
    private final double[] standardDeviation;

    private BaseDistribution(double[] mean, double[] standardDeviation) {
        this.mean = mean;
        this.standardDeviation = standardDeviation;
    }

    /**
     * Returns the standard normal of any dimension.
     *
     * @return the standard normal
     */
    public static BaseDistribution standardNormal() {
        return new BaseDistribution(null, null);
    }

    /**
     * Returns a normal with the given means and standard deviations per dimension.
     *
     * @param mean the means, finite
     * @param standardDeviation the standard deviations, positive and finite
     * @return the diagonal normal
     * @throws IllegalArgumentException if the lengths differ or a value is invalid
     */
    public static BaseDistribution diagonalNormal(double[] mean, double[] standardDeviation) {
        if (mean.length != standardDeviation.length || mean.length == 0) {
            throw new IllegalArgumentException(
                    "The mean (length "
                            + mean.length
                            + ") and standard deviation (length "
                            + standardDeviation.length
                            + ") must have the same positive length");
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException(
                        "mean[" + i + "] = " + mean[i] + " is not finite");
            }
            if (!(standardDeviation[i] > 0) || !Double.isFinite(standardDeviation[i])) {
                throw new IllegalArgumentException(
                        "standardDeviation["
                                + i
                                + "] = "
                                + standardDeviation[i]
                                + " must be positive and finite");
            }
        }
        return new BaseDistribution(mean.clone(), standardDeviation.clone());
    }

    /**
     * Tells whether this is the standard normal.
     *
     * @return true for the standard normal of any dimension
     */
    public boolean isStandard() {
        return mean == null;
    }

    /**
     * Returns the means, or null for the standard normal.
     *
     * @return a copy of the means
     */
    public double[] getMean() {
        return mean == null ? null : mean.clone();
    }

    /**
     * Returns the standard deviations, or null for the standard normal.
     *
     * @return a copy of the standard deviations
     */
    public double[] getStandardDeviation() {
        return standardDeviation == null ? null : standardDeviation.clone();
    }

    /**
     * Checks that this distribution can describe points of dimension {@code d}.
     *
     * @param dimension the dimension of the flow
     * @throws IllegalArgumentException if a diagonal normal has another dimension
     */
    public void checkDimension(int dimension) {
        if (mean != null && mean.length != dimension) {
            throw new IllegalArgumentException(
                    "The base distribution has dimension "
                            + mean.length
                            + " but the flow has dimension "
                            + dimension);
        }
    }

    /**
     * Computes the log-density of each row.
     *
     * @param z points of shape (N, d)
     * @return the log-densities, of shape (N), on {@code z}'s manager
     */
    public NDArray logDensity(NDArray z) {
        long dimension = z.getShape().get(1);
        NDArray standardized = z;
        double constant = -0.5 * dimension * LOG_TWO_PI;
        if (mean != null) {
            NDManager manager = z.getManager();
            Shape row = new Shape(1, mean.length);
            NDArray meanRow = EngineArrays.create(manager, mean, row, z.getDataType());
            NDArray deviationRow =
                    EngineArrays.create(manager, standardDeviation, row, z.getDataType());
            standardized = z.sub(meanRow).div(deviationRow);
            for (double deviation : standardDeviation) {
                constant -= StrictMath.log(deviation);
            }
        }
        return EngineArrays.scale(standardized.square().sum(new int[] {1}), -0.5).add(constant);
    }

    /**
     * Computes the gradient of the log-density, {@code -(z - μ) / σ²}, row by row.
     *
     * @param z points of shape (N, d)
     * @return the gradients, of shape (N, d), on {@code z}'s manager
     */
    public NDArray logDensityGradient(NDArray z) {
        if (mean == null) {
            return z.neg();
        }
        NDManager manager = z.getManager();
        Shape row = new Shape(1, mean.length);
        double[] precision = new double[mean.length];
        for (int i = 0; i < precision.length; i++) {
            precision[i] = 1 / (standardDeviation[i] * standardDeviation[i]);
        }
        NDArray meanRow = EngineArrays.create(manager, mean, row, z.getDataType());
        NDArray precisionRow = EngineArrays.create(manager, precision, row, z.getDataType());
        return meanRow.sub(z).mul(precisionRow);
    }

    /**
     * Draws points from a Java random generator, never from the engine's global one.
     *
     * @param manager the manager of the new array
     * @param count the number of points
     * @param dimension the dimension d
     * @param dataType float32 or float64
     * @param random the generator
     * @return the points, of shape (count, d)
     */
    public NDArray sample(
            NDManager manager,
            int count,
            int dimension,
            DataType dataType,
            SplittableRandom random) {
        checkDimension(dimension);
        double[] values = new double[Math.multiplyExact(count, dimension)];
        for (int i = 0; i < values.length; i++) {
            double value = Gaussians.next(random);
            if (mean != null) {
                int column = i % dimension;
                value = mean[column] + standardDeviation[column] * value;
            }
            values[i] = value;
        }
        return EngineArrays.create(manager, values, new Shape(count, dimension), dataType);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        if (mean == null) {
            return "StandardNormal";
        }
        return "DiagonalNormal(mean="
                + Arrays.toString(mean)
                + ", standardDeviation="
                + Arrays.toString(standardDeviation)
                + ")";
    }
}
