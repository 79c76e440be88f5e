// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cnflow.tribuo.LogDensity;
import org.cnflow.tribuo.LogDensityFactory;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.DataSourceProvenance;

/**
 * Draws examples from a known distribution; each example's output is the true log-density of its
 * point, in nats.
 *
 * <p>The 1-D distributions have one feature, {@code x}; the 2-D ones have {@code x1} and {@code
 * x2}. The same seed and settings give the same examples.
 */
public final class SyntheticDensitySource implements ConfigurableDataSource<LogDensity> {

    /** The distributions the source can draw from. */
    public enum Distribution {
        /** A 1-D normal with {@code mean} and {@code standardDeviation}. */
        NORMAL(1),
        /**
         * A 1-D mixture of normals with {@code means}, {@code standardDeviations}, {@code weights}.
         */
        GAUSSIAN_MIXTURE(1),
        /**
         * An equal 2-D mixture of 8 isotropic normals with standard deviation 0.5 centred at 4·(cos
         * θ, sin θ) for θ = 0°, 45°, …, 315°, with every point then divided by 1.414.
         */
        EIGHT_GAUSSIANS(2),
        /**
         * A 2-D checkerboard: x1 ~ U[-2, 2), x2 = U[0, 1) − 2B + (⌊x1⌋ mod 2) with B ~
         * Bernoulli(½), then both coordinates multiplied by 2.
         */
        CHECKERBOARD(2);

        private final int dimension;

        Distribution(int dimension) {
            this.dimension = dimension;
        }

        /**
         * Returns the number of coordinates of a point.
         *
         * @return 1 or 2
         */
        public int dimension() {
            return dimension;
        }
    }

    private static final double EIGHT_GAUSSIANS_SCALE = 1.414;
    private static final double EIGHT_GAUSSIANS_DEVIATION = 0.5;
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    @Config(mandatory = true, description = "Distribution to draw from.")
    private Distribution distribution;

    @Config(description = "Number of examples to draw, positive.")
    private int numSamples = 1000;

    @Config(description = "Seed of the draws.")
    private long seed = 1L;

    @Config(description = "Mean of the NORMAL distribution.")
    private double mean = 0.0;

    @Config(description = "Standard deviation of the NORMAL distribution, positive.")
    private double standardDeviation = 1.0;

    @Config(description = "Component means of the GAUSSIAN_MIXTURE distribution.")
    private double[] means = {-2.0, 2.0};

    @Config(description = "Component standard deviations of the GAUSSIAN_MIXTURE, positive.")
    private double[] standardDeviations = {0.5, 0.5};

    @Config(description = "Component weights of the GAUSSIAN_MIXTURE, positive; normalized to 1.")
    private double[] weights = {0.5, 0.5};

    private final LogDensityFactory factory = new LogDensityFactory();
    private List<Example<LogDensity>> examples;
    private double[] normalizedWeights;
    private OffsetDateTime creationTime;

    /**
     * Constructs an unconfigured source for OLCUT; configuration then calls {@link #postConfig}.
     */
    private SyntheticDensitySource() {}

    /**
     * Creates a NORMAL, EIGHT_GAUSSIANS or CHECKERBOARD source with the default parameters, or a
     * GAUSSIAN_MIXTURE of two normals at ±2 with deviation 0.5.
     *
     * @param distribution the distribution
     * @param numSamples the number of examples, positive
     * @param seed the seed of the draws
     */
    public SyntheticDensitySource(Distribution distribution, int numSamples, long seed) {
        this.distribution = distribution;
        this.numSamples = numSamples;
        this.seed = seed;
        postConfig();
    }

    /**
     * Creates a NORMAL source.
     *
     * @param mean the mean
     * @param standardDeviation the standard deviation, positive
     * @param numSamples the number of examples, positive
     * @param seed the seed of the draws
     */
    public SyntheticDensitySource(
            double mean, double standardDeviation, int numSamples, long seed) {
        this.distribution = Distribution.NORMAL;
        this.mean = mean;
        this.standardDeviation = standardDeviation;
        this.numSamples = numSamples;
        this.seed = seed;
        postConfig();
    }

    /**
     * Validates the parameters and draws the examples.
     *
     * @throws PropertyException naming the invalid field and its value
     */
    @Override
    public void postConfig() {
        if (distribution == null) {
            throw new PropertyException("", "distribution", "distribution must be set");
        }
        if (numSamples <= 0) {
            throw new PropertyException(
                    "", "numSamples", "numSamples must be positive, got " + numSamples);
        }
        if (!(standardDeviation > 0) || !Double.isFinite(standardDeviation)) {
            throw new PropertyException(
                    "",
                    "standardDeviation",
                    "standardDeviation must be positive and finite, got " + standardDeviation);
        }
        if (!Double.isFinite(mean)) {
            throw new PropertyException("", "mean", "mean must be finite, got " + mean);
        }
        checkMixture();

        SplittableRandom random = new SplittableRandom(seed);
        List<Example<LogDensity>> drawn = new ArrayList<>(numSamples);
        String[] names = featureNames().toArray(new String[0]);
        for (int i = 0; i < numSamples; i++) {
            double[] point = draw(random);
            drawn.add(new ArrayExample<>(new LogDensity(logDensity(point)), names, point));
        }
        examples = Collections.unmodifiableList(drawn);
        creationTime = OffsetDateTime.now();
    }

    private void checkMixture() {
        if (means.length == 0
                || means.length != standardDeviations.length
                || means.length != weights.length) {
            throw new PropertyException(
                    "",
                    "means",
                    "means, standardDeviations and weights must have the same positive length, got "
                            + means.length
                            + ", "
                            + standardDeviations.length
                            + " and "
                            + weights.length);
        }
        double total = 0;
        for (int k = 0; k < means.length; k++) {
            if (!Double.isFinite(means[k])) {
                throw new PropertyException(
                        "", "means", "means must be finite, got " + Arrays.toString(means));
            }
            if (!(standardDeviations[k] > 0) || !Double.isFinite(standardDeviations[k])) {
                throw new PropertyException(
                        "",
                        "standardDeviations",
                        "standardDeviations must be positive and finite, got "
                                + Arrays.toString(standardDeviations));
            }
            if (!(weights[k] > 0) || !Double.isFinite(weights[k])) {
                throw new PropertyException(
                        "",
                        "weights",
                        "weights must be positive and finite, got " + Arrays.toString(weights));
            }
            total += weights[k];
        }
        normalizedWeights = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            normalizedWeights[k] = weights[k] / total;
        }
    }

    private double[] draw(SplittableRandom random) {
        switch (distribution) {
            case NORMAL:
                return new double[] {mean + standardDeviation * gaussian(random)};
            case GAUSSIAN_MIXTURE:
                {
                    int k = pickComponent(random.nextDouble());
                    return new double[] {means[k] + standardDeviations[k] * gaussian(random)};
                }
            case EIGHT_GAUSSIANS:
                {
                    int k = random.nextInt(8);
                    double[] centre = eightGaussiansCentre(k);
                    double x = centre[0] + EIGHT_GAUSSIANS_DEVIATION * gaussian(random);
                    double y = centre[1] + EIGHT_GAUSSIANS_DEVIATION * gaussian(random);
                    return new double[] {x / EIGHT_GAUSSIANS_SCALE, y / EIGHT_GAUSSIANS_SCALE};
                }
            case CHECKERBOARD:
                {
                    double x1 = -2 + 4 * random.nextDouble();
                    double shift = random.nextBoolean() ? 2 : 0;
                    double x2 =
                            random.nextDouble() - shift + Math.floorMod((int) Math.floor(x1), 2);
                    return new double[] {2 * x1, 2 * x2};
                }
            default:
                throw new IllegalStateException("Unhandled distribution " + distribution);
        }
    }

    private int pickComponent(double u) {
        double cumulative = 0;
        for (int k = 0; k < normalizedWeights.length - 1; k++) {
            cumulative += normalizedWeights[k];
            if (u < cumulative) {
                return k;
            }
        }
        return normalizedWeights.length - 1;
    }

    /** Draws a standard normal by the Box–Muller transform. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double[] eightGaussiansCentre(int k) {
        double angle = Math.toRadians(45.0 * k);
        return new double[] {4 * Math.cos(angle), 4 * Math.sin(angle)};
    }

    /**
     * Computes the true log-density of a point, in nats.
     *
     * @param point a point with {@link #dimension()} coordinates
     * @return the log-density, or negative infinity outside the support
     * @throws IllegalArgumentException if the point has the wrong number of coordinates
     */
    public double logDensity(double[] point) {
        if (point.length != distribution.dimension()) {
            throw new IllegalArgumentException(
                    "Expected a point with "
                            + distribution.dimension()
                            + " coordinates, got "
                            + point.length);
        }
        switch (distribution) {
            case NORMAL:
                return normalLogDensity(point[0], mean, standardDeviation);
            case GAUSSIAN_MIXTURE:
                {
                    double[] terms = new double[means.length];
                    for (int k = 0; k < means.length; k++) {
                        terms[k] =
                                Math.log(normalizedWeights[k])
                                        + normalLogDensity(
                                                point[0], means[k], standardDeviations[k]);
                    }
                    return logSumExp(terms);
                }
            case EIGHT_GAUSSIANS:
                {
                    // After the division by 1.414 each component is an isotropic normal with
                    // centre c / 1.414 and deviation 0.5 / 1.414.
                    double deviation = EIGHT_GAUSSIANS_DEVIATION / EIGHT_GAUSSIANS_SCALE;
                    double[] terms = new double[8];
                    for (int k = 0; k < 8; k++) {
                        double[] centre = eightGaussiansCentre(k);
                        terms[k] =
                                Math.log(1.0 / 8)
                                        + normalLogDensity(
                                                point[0],
                                                centre[0] / EIGHT_GAUSSIANS_SCALE,
                                                deviation)
                                        + normalLogDensity(
                                                point[1],
                                                centre[1] / EIGHT_GAUSSIANS_SCALE,
                                                deviation);
                    }
                    return logSumExp(terms);
                }
            case CHECKERBOARD:
                return checkerboardLogDensity(point[0] / 2, point[1] / 2);
            default:
                throw new IllegalStateException("Unhandled distribution " + distribution);
        }
    }

    /**
     * Computes the checkerboard's log-density at (2·x1, 2·x2). Before scaling, x1 has density 1/4
     * on [-2, 2) and x2 given x1 has density 1/2 on two unit intervals. Scaling both coordinates by
     * 2 divides the density by 4, so it is 1/32 on the support.
     */
    private static double checkerboardLogDensity(double x1, double x2) {
        if (x1 < -2 || x1 >= 2) {
            return Double.NEGATIVE_INFINITY;
        }
        int parity = Math.floorMod((int) Math.floor(x1), 2);
        boolean upper = x2 >= parity && x2 < parity + 1;
        boolean lower = x2 >= parity - 2 && x2 < parity - 1;
        return upper || lower ? Math.log(1.0 / 32) : Double.NEGATIVE_INFINITY;
    }

    private static double normalLogDensity(double x, double mean, double deviation) {
        double z = (x - mean) / deviation;
        return -0.5 * (LOG_TWO_PI + z * z) - Math.log(deviation);
    }

    private static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double term : terms) {
            max = Math.max(max, term);
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Returns the number of coordinates of each example.
     *
     * @return 1 or 2
     */
    public int dimension() {
        return distribution.dimension();
    }

    /**
     * Returns the feature names, in coordinate order.
     *
     * @return {@code [x]} in 1-D, {@code [x1, x2]} in 2-D
     */
    public List<String> featureNames() {
        return distribution.dimension() == 1 ? List.of("x") : List.of("x1", "x2");
    }

    /**
     * Returns the configured distribution.
     *
     * @return the distribution
     */
    public Distribution getDistribution() {
        return distribution;
    }

    @Override
    public OutputFactory<LogDensity> getOutputFactory() {
        return factory;
    }

    @Override
    public DataSourceProvenance getProvenance() {
        Map<String, PrimitiveProvenance<?>> instance =
                Map.of(
                        DataSourceProvenance.DATASOURCE_CREATION_TIME,
                        new DateTimeProvenance(
                                DataSourceProvenance.DATASOURCE_CREATION_TIME, creationTime));
        return new DensitySourceProvenance(this, instance);
    }

    @Override
    public Iterator<Example<LogDensity>> iterator() {
        return examples.iterator();
    }

    @Override
    public String toString() {
        return "SyntheticDensitySource(distribution="
                + distribution
                + ", numSamples="
                + numSamples
                + ", seed="
                + seed
                + ")";
    }
}
