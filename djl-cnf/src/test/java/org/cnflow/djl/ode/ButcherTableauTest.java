// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ButcherTableauTest {

    /**
     * Bound on the residual of an algebraic condition. The coefficients are doubles of magnitude up
     * to about 90 (Tsit5's interpolant), so sums of a few dozen products round to a few 1e-15.
     */
    private static final double RESIDUAL_TOLERANCE = 1e-14;

    private static final double[] THETAS = {0.1, 0.25, 0.5, 0.75, 0.9};

    static Stream<ButcherTableau> tableaus() {
        return Stream.of(ButcherTableau.tsit5(), ButcherTableau.dormandPrince54());
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void stageRowsSumToNodes(ButcherTableau tableau) {
        double[] c = tableau.getC();
        double[][] a = tableau.getA();
        for (int i = 0; i < c.length; i++) {
            assertEquals(c[i], sum(a[i]), RESIDUAL_TOLERANCE, "row " + i + " of a");
        }
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void weightsSumToOne(ButcherTableau tableau) {
        assertEquals(1, sum(tableau.getB()), RESIDUAL_TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void errorWeightsSumToZero(ButcherTableau tableau) {
        assertEquals(0, sum(tableau.getErrorWeights()), RESIDUAL_TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void weightsSatisfyOrderConditionsUpToFive(ButcherTableau tableau) {
        List<OrderCondition> conditions = orderConditions(tableau.getC(), tableau.getA());
        assertEquals(17, conditions.size());
        for (OrderCondition condition : conditions) {
            assertEquals(
                    condition.expected(),
                    dot(tableau.getB(), condition.stageVector()),
                    RESIDUAL_TOLERANCE,
                    condition.name());
        }
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void embeddedWeightsSatisfyOrderConditionsUpToFour(ButcherTableau tableau) {
        double[] embedded = embeddedWeights(tableau);
        for (OrderCondition condition : orderConditions(tableau.getC(), tableau.getA())) {
            if (condition.order() <= 4) {
                assertEquals(
                        condition.expected(),
                        dot(embedded, condition.stageVector()),
                        RESIDUAL_TOLERANCE,
                        condition.name());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void embeddedWeightsMissAFifthOrderCondition(ButcherTableau tableau) {
        // An embedded method of order 5 would make the error estimate vanish to leading order.
        double[] embedded = embeddedWeights(tableau);
        double largestResidual = 0;
        for (OrderCondition condition : orderConditions(tableau.getC(), tableau.getA())) {
            double residual = dot(embedded, condition.stageVector()) - condition.expected();
            largestResidual = Math.max(largestResidual, Math.abs(residual));
        }
        assertTrue(largestResidual > 1e-5, "largest residual " + largestResidual);
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void lastStageIsFirstSameAsLast(ButcherTableau tableau) {
        int last = tableau.getStages() - 1;
        double[] b = tableau.getB();
        assertTrue(tableau.isFirstSameAsLast());
        assertEquals(1.0, tableau.getC()[last]);
        assertEquals(0.0, b[last]);
        assertArrayEquals(Arrays.copyOf(b, last), tableau.getA()[last], 0.0);
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void interpolantAtOneEqualsWeights(ButcherTableau tableau) {
        assertArrayEquals(tableau.getB(), tableau.interpolationWeights(1), RESIDUAL_TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void interpolantAtZeroIsZero(ButcherTableau tableau) {
        assertArrayEquals(new double[tableau.getStages()], tableau.interpolationWeights(0), 0.0);
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void interpolantSatisfiesQuadratureConditions(ButcherTableau tableau) {
        // A continuous extension of order 4 integrates t^k exactly for k <= 3:
        // Σ B_i(θ) c_i^k = θ^(k+1) / (k+1).
        double[] c = tableau.getC();
        for (double theta : THETAS) {
            double[] weights = tableau.interpolationWeights(theta);
            for (int k = 0; k <= 3; k++) {
                double[] powers = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    powers[i] = Math.pow(c[i], k);
                }
                assertEquals(
                        Math.pow(theta, k + 1) / (k + 1),
                        dot(weights, powers),
                        RESIDUAL_TOLERANCE,
                        "θ = " + theta + ", k = " + k);
            }
        }
    }

    // The values below are the Float64 coefficients of OrdinaryDiffEq.jl's Tsit5
    // (lib/OrdinaryDiffEqTsit5/src/tsit_tableaus.jl), rounded from Ch. Tsitouras, "Runge–Kutta
    // pairs of order 5(4) satisfying only the first column simplifying assumption", Computers &
    // Mathematics with Applications 62 (2011) 770–775. The comparisons are exact because a wrong
    // last digit still passes the order conditions at 1e-14.

    @Test
    void tsit5NodesMatchPublishedValues() {
        double[] expected = {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1};
        assertArrayEquals(expected, ButcherTableau.tsit5().getC(), 0.0);
    }

    @Test
    void tsit5StageMatrixMatchesPublishedValues() {
        double[][] expected = {
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
        double[][] actual = ButcherTableau.tsit5().getA();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 0.0, "row " + i);
        }
    }

    @Test
    void tsit5WeightsMatchPublishedValues() {
        double[] expected = {
            0.09646076681806523,
            0.01,
            0.4798896504144996,
            1.379008574103742,
            -3.290069515436081,
            2.324710524099774,
            0
        };
        assertArrayEquals(expected, ButcherTableau.tsit5().getB(), 0.0);
    }

    @Test
    void tsit5ErrorWeightsMatchPublishedValues() {
        double[] expected = {
            -0.00178001105222577714,
            -0.0008164344596567469,
            0.007880878010261995,
            -0.1447110071732629,
            0.5823571654525552,
            -0.45808210592918697,
            0.015151515151515152
        };
        assertArrayEquals(expected, ButcherTableau.tsit5().getErrorWeights(), 0.0);
    }

    @Test
    void tsit5InterpolantMatchesPublishedValues() {
        double[][] expected = {
            {1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216},
            {0, 0.13169999999999998, -0.2234, 0.1017},
            {0, 3.9302962368947516, -5.941033872131505, 2.490627285651253},
            {0, -12.411077166933676, 30.33818863028232, -16.548102889244902},
            {0, 37.50931341651104, -88.1789048947664, 47.37952196281928},
            {0, -27.896526289197286, 65.09189467479366, -34.87065786149661},
            {0, 1.5, -4, 2.5}
        };
        double[][] actual = ButcherTableau.tsit5().getInterpolant();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 0.0, "stage " + (i + 1));
        }
    }

    /**
     * One order condition {@code Σ_i w_i v_i = expected} on weights {@code w}, for the rooted tree
     * whose elementary differential gives the stage vector {@code v}.
     */
    private record OrderCondition(String name, int order, double[] stageVector, double expected) {}

    /**
     * Lists the 17 order conditions of the rooted trees with at most 5 nodes, in the notation
     * {@code Σ b_i …} with {@code c_i = Σ_j a_ij}.
     */
    private static List<OrderCondition> orderConditions(double[] c, double[][] a) {
        double[] ones = new double[c.length];
        Arrays.fill(ones, 1);
        double[] c2 = times(c, c);
        double[] c3 = times(c2, c);
        double[] ac = apply(a, c);
        double[] ac2 = apply(a, c2);
        double[] aac = apply(a, ac);

        List<OrderCondition> conditions = new ArrayList<>();
        conditions.add(new OrderCondition("Σ b_i = 1", 1, ones, 1.0));
        conditions.add(new OrderCondition("Σ b_i c_i = 1/2", 2, c, 1.0 / 2));
        conditions.add(new OrderCondition("Σ b_i c_i² = 1/3", 3, c2, 1.0 / 3));
        conditions.add(new OrderCondition("Σ b_i a_ij c_j = 1/6", 3, ac, 1.0 / 6));
        conditions.add(new OrderCondition("Σ b_i c_i³ = 1/4", 4, c3, 1.0 / 4));
        conditions.add(new OrderCondition("Σ b_i c_i a_ij c_j = 1/8", 4, times(c, ac), 1.0 / 8));
        conditions.add(new OrderCondition("Σ b_i a_ij c_j² = 1/12", 4, ac2, 1.0 / 12));
        conditions.add(new OrderCondition("Σ b_i a_ij a_jk c_k = 1/24", 4, aac, 1.0 / 24));
        conditions.add(new OrderCondition("Σ b_i c_i⁴ = 1/5", 5, times(c3, c), 1.0 / 5));
        conditions.add(
                new OrderCondition("Σ b_i c_i² a_ij c_j = 1/10", 5, times(c2, ac), 1.0 / 10));
        conditions.add(new OrderCondition("Σ b_i (a_ij c_j)² = 1/20", 5, times(ac, ac), 1.0 / 20));
        conditions.add(
                new OrderCondition("Σ b_i c_i a_ij c_j² = 1/15", 5, times(c, ac2), 1.0 / 15));
        conditions.add(
                new OrderCondition("Σ b_i c_i a_ij a_jk c_k = 1/30", 5, times(c, aac), 1.0 / 30));
        conditions.add(new OrderCondition("Σ b_i a_ij c_j³ = 1/20", 5, apply(a, c3), 1.0 / 20));
        conditions.add(
                new OrderCondition(
                        "Σ b_i a_ij c_j a_jk c_k = 1/40", 5, apply(a, times(c, ac)), 1.0 / 40));
        conditions.add(
                new OrderCondition("Σ b_i a_ij a_jk c_k² = 1/60", 5, apply(a, ac2), 1.0 / 60));
        conditions.add(
                new OrderCondition(
                        "Σ b_i a_ij a_jk a_kl c_l = 1/120", 5, apply(a, aac), 1.0 / 120));
        return conditions;
    }

    private static double[] embeddedWeights(ButcherTableau tableau) {
        double[] b = tableau.getB();
        double[] errorWeights = tableau.getErrorWeights();
        double[] embedded = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            embedded[i] = b[i] + errorWeights[i];
        }
        return embedded;
    }

    /** Multiplies the strictly lower-triangular stage matrix by a vector. */
    private static double[] apply(double[][] a, double[] v) {
        double[] result = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                result[i] += a[i][j] * v[j];
            }
        }
        return result;
    }

    private static double[] times(double[] u, double[] v) {
        double[] result = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            result[i] = u[i] * v[i];
        }
        return result;
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }
}
