// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import java.util.Arrays;

/**
 * Describes an explicit embedded Runge–Kutta pair with a continuous extension.
 *
 * <p>A tableau of {@code s} stages contains the nodes {@code c}, the strictly lower-triangular
 * stage matrix {@code a}, the propagated weights {@code b}, the error weights {@code e} (embedded
 * weights minus propagated weights, so that {@code dt · Σ e_i k_i} estimates the local error) and
 * the interpolant: polynomials {@code B_i(θ) = Σ_{p=1..P} interpolant[i][p-1] θ^p} with {@code u(t
 * + θ dt) = u(t) + dt · Σ B_i(θ) k_i}. The stepping loop of {@link OdeSolver} reads nothing else,
 * so a new method is a new tableau.
 *
 * <p>A pair is first-same-as-last (FSAL) when its last stage is evaluated at the new point with
 * {@code a[s-1] = b}: that stage is the next step's first stage.
 */
public final class ButcherTableau {

    private static final ButcherTableau TSIT5 = createTsit5();
    private static final ButcherTableau DORMAND_PRINCE_54 = createDormandPrince54();

    private final String name;
    private final int order;
    private final int embeddedOrder;
    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] errorWeights;
    private final double[][] interpolant;
    private final boolean firstSameAsLast;

    private ButcherTableau(
            String name,
            int order,
            int embeddedOrder,
            double[] c,
            double[][] a,
            double[] b,
            double[] errorWeights,
            double[][] interpolant) {
        int stages = c.length;
        if (a.length != stages || b.length != stages || errorWeights.length != stages) {
            throw new IllegalArgumentException(
                    "Tableau " + name + " has inconsistent stage counts");
        }
        for (int i = 0; i < stages; i++) {
            if (a[i].length != i) {
                throw new IllegalArgumentException(
                        "Tableau " + name + ": row " + i + " of a must have " + i + " entries");
            }
        }
        this.name = name;
        this.order = order;
        this.embeddedOrder = embeddedOrder;
        this.c = c.clone();
        this.a = deepCopy(a);
        this.b = b.clone();
        this.errorWeights = errorWeights.clone();
        this.interpolant = deepCopy(interpolant);
        this.firstSameAsLast = c[stages - 1] == 1.0 && Arrays.equals(a[stages - 1], prefix(b));
    }

    /**
     * Returns Tsitouras' 5(4) pair with its free 4th-order interpolant.
     *
     * <p>Coefficients from Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the
     * first column simplifying assumption", Computers &amp; Mathematics with Applications 62 (2011)
     * 770–775, in the Float64 values of OrdinaryDiffEq.jl's {@code Tsit5}.
     *
     * @return the Tsit5 tableau
     */
    public static ButcherTableau tsit5() {
        return TSIT5;
    }

    /**
     * Returns the Dormand–Prince 5(4) pair with its 4th-order continuous extension.
     *
     * <p>Coefficients from J. R. Dormand and P. J. Prince, "A family of embedded Runge–Kutta
     * formulae", J. Comput. Appl. Math. 6 (1980) 19–26; the interpolant is Hairer's {@code DOPRI5}
     * dense output (Hairer, Nørsett and Wanner, Solving Ordinary Differential Equations I, II.6).
     *
     * @return the Dormand–Prince 5(4) tableau
     */
    public static ButcherTableau dormandPrince54() {
        return DORMAND_PRINCE_54;
    }

    /**
     * Returns the short name of the method, such as {@code "tsit5"}.
     *
     * @return the method's name
     */
    public String getName() {
        return name;
    }

    /**
     * Returns the order of the propagated solution.
     *
     * @return the order, 5 for both shipped pairs
     */
    public int getOrder() {
        return order;
    }

    /**
     * Returns the order of the embedded solution used for the error estimate.
     *
     * @return the embedded order
     */
    public int getEmbeddedOrder() {
        return embeddedOrder;
    }

    /**
     * Returns the number of stages.
     *
     * @return the stage count
     */
    public int getStages() {
        return c.length;
    }

    /**
     * Returns a copy of the nodes.
     *
     * @return the nodes {@code c}
     */
    public double[] getC() {
        return c.clone();
    }

    /**
     * Returns a copy of the stage matrix, row {@code i} holding {@code i} entries.
     *
     * @return the stage matrix {@code a}
     */
    public double[][] getA() {
        return deepCopy(a);
    }

    /**
     * Returns a copy of the propagated weights.
     *
     * @return the weights {@code b}
     */
    public double[] getB() {
        return b.clone();
    }

    /**
     * Returns a copy of the error weights (embedded minus propagated).
     *
     * @return the error weights
     */
    public double[] getErrorWeights() {
        return errorWeights.clone();
    }

    /**
     * Returns a copy of the interpolant's coefficients: row {@code i} contains the coefficients of
     * {@code θ, θ², …} in {@code B_i(θ)}.
     *
     * @return the interpolant coefficients
     */
    public double[][] getInterpolant() {
        return deepCopy(interpolant);
    }

    /**
     * Tells whether the last stage is the next step's first stage.
     *
     * @return true for a first-same-as-last pair
     */
    public boolean isFirstSameAsLast() {
        return firstSameAsLast;
    }

    /**
     * Evaluates the interpolant weights {@code B_i(θ)}.
     *
     * @param theta the fraction of the step, in [0, 1]
     * @return one weight per stage
     */
    public double[] interpolationWeights(double theta) {
        double[] weights = new double[c.length];
        for (int i = 0; i < weights.length; i++) {
            double power = theta;
            double sum = 0;
            for (double coefficient : interpolant[i]) {
                sum += coefficient * power;
                power *= theta;
            }
            weights[i] = sum;
        }
        return weights;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    double[] stageRow(int stage) {
        return a[stage];
    }

    double[] weights() {
        return b;
    }

    double[] errorWeightsInternal() {
        return errorWeights;
    }

    double node(int stage) {
        return c[stage];
    }

    private static ButcherTableau createTsit5() {
        double[] c = {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1};
        double[][] a = {
            {},
            {0.161},
            {-0.008480655492356989, 0.335480655492357},
            {2.8971530571054935, -6.359448489975075, 4.3622954328695815},
            {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
            {
                5.86145544294642,
                -12.92096931784711,
                8.159367898576159,
                -0.071584973281401,
                -0.028269050394068383
            },
            {
                0.09646076681806523,
                0.01,
                0.4798896504144996,
                1.379008574103742,
                -3.290069515436081,
                2.324710524099774
            }
        };
        double[] b = {
            0.09646076681806523,
            0.01,
            0.4798896504144996,
            1.379008574103742,
            -3.290069515436081,
            2.324710524099774,
            0
        };
        double[] errorWeights = {
            -0.00178001105222577714,
            -0.0008164344596567469,
            0.007880878010261995,
            -0.1447110071732629,
            0.5823571654525552,
            -0.45808210592918697,
            1.0 / 66.0
        };
        // B_1(θ) = θ (r11 + r12 θ + r13 θ² + r14 θ³); B_i(θ) = θ² (r_i2 + r_i3 θ + r_i4 θ²).
        double[][] interpolant = {
            {1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216},
            {0, 0.13169999999999998, -0.2234, 0.1017},
            {0, 3.9302962368947516, -5.941033872131505, 2.490627285651253},
            {0, -12.411077166933676, 30.33818863028232, -16.548102889244902},
            {0, 37.50931341651104, -88.1789048947664, 47.37952196281928},
            {0, -27.896526289197286, 65.09189467479366, -34.87065786149661},
            {0, 1.5, -4, 2.5}
        };
        return new ButcherTableau("tsit5", 5, 4, c, a, b, errorWeights, interpolant);
    }

    private static ButcherTableau createDormandPrince54() {
        double[] c = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
        double[] b = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
        double[][] a = {
            {},
            {1.0 / 5},
            {3.0 / 40, 9.0 / 40},
            {44.0 / 45, -56.0 / 15, 32.0 / 9},
            {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
            {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
            prefix(b)
        };
        double[] embedded = {
            5179.0 / 57600,
            0,
            7571.0 / 16695,
            393.0 / 640,
            -92097.0 / 339200,
            187.0 / 2100,
            1.0 / 40
        };
        double[] errorWeights = new double[7];
        for (int i = 0; i < 7; i++) {
            errorWeights[i] = embedded[i] - b[i];
        }

        // Hairer's dense output: u(θ) = u0 + θ r2 + θ(1-θ) r3 + θ²(1-θ) r4 + θ²(1-θ)² r5 with
        // r2 = Σ b_i k_i, r3 = k1 - r2, r4 = 2 r2 - k1 - k7 and r5 = Σ d_i k_i (all times dt).
        // Expanding in powers of θ gives B_i(θ) = θ b_i + θ(1-θ)(δ_i1 - b_i)
        // + θ²(1-θ)(2 b_i - δ_i1 - δ_i7) + θ²(1-θ)² d_i.
        double[] d = {
            -12715105075.0 / 11282082432.0,
            0,
            87487479700.0 / 32700410799.0,
            -10690763975.0 / 1880347072.0,
            701980252875.0 / 199316789632.0,
            -1453857185.0 / 822651844.0,
            69997945.0 / 29380423.0
        };
        double[][] interpolant = new double[7][4];
        for (int i = 0; i < 7; i++) {
            double first = i == 0 ? 1 : 0;
            double last = i == 6 ? 1 : 0;
            double r3 = first - b[i];
            double r4 = 2 * b[i] - first - last;
            // θ r2 + (θ - θ²) r3 + (θ² - θ³) r4 + (θ² - 2θ³ + θ⁴) r5
            interpolant[i][0] = b[i] + r3;
            interpolant[i][1] = -r3 + r4 + d[i];
            interpolant[i][2] = -r4 - 2 * d[i];
            interpolant[i][3] = d[i];
        }
        return new ButcherTableau("dopri5", 5, 4, c, a, b, errorWeights, interpolant);
    }

    private static double[] prefix(double[] b) {
        return Arrays.copyOf(b, b.length - 1);
    }

    private static double[][] deepCopy(double[][] array) {
        double[][] copy = new double[array.length][];
        for (int i = 0; i < array.length; i++) {
            copy[i] = array[i].clone();
        }
        return copy;
    }
}
