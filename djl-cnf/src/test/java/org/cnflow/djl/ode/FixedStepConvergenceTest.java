// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Locale;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Measures the order of both 5th-order pairs with fixed steps, at the end time and in between.
 *
 * <p>Each study doubles the number of steps four times and fits the slope of log error against log
 * step size by least squares, over the errors in [1e-12, 1e-3] only. Larger errors are outside the
 * asymptotic range, and smaller ones approach the rounding error of float64 sums over hundreds of
 * steps.
 */
class FixedStepConvergenceTest {

    private static final double LOWEST_FITTED_ERROR = 1e-12;
    private static final double HIGHEST_FITTED_ERROR = 1e-3;

    /**
     * Bounds on the global error's slope. Both pairs are of order 5, and 4.6 to 6.6 leaves room for
     * an error constant that still changes with the step size on the coarser grids.
     */
    private static final double MIN_GLOBAL_SLOPE = 4.6;

    private static final double MAX_GLOBAL_SLOPE = 6.6;

    /**
     * Lower bound on the slope of the error at step midpoints. Both interpolants are of order 4, so
     * their own error is O(h⁵) per step and the midpoint error falls at least as fast as h⁴. The
     * bound 3.8 leaves a margin for the fit.
     */
    private static final double MIN_DENSE_SLOPE = 3.8;

    private NDManager manager;

    @BeforeEach
    void createManager() {
        manager = EngineSupport.pytorch().newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @ParameterizedTest
    @EnumSource(TestProblem.class)
    void tsit5FixedStepErrorSlopeIsFifthOrder(TestProblem problem) {
        assertGlobalSlopeIsFifthOrder(ButcherTableau.tsit5(), problem);
    }

    @ParameterizedTest
    @EnumSource(TestProblem.class)
    void dormandPrince54FixedStepErrorSlopeIsFifthOrder(TestProblem problem) {
        assertGlobalSlopeIsFifthOrder(ButcherTableau.dormandPrince54(), problem);
    }

    @ParameterizedTest
    @EnumSource(TestProblem.class)
    void tsit5MidpointErrorSlopeIsAtLeastFourth(TestProblem problem) {
        assertDenseSlopeIsAtLeastFourth(ButcherTableau.tsit5(), problem);
    }

    @ParameterizedTest
    @EnumSource(TestProblem.class)
    void dormandPrince54MidpointErrorSlopeIsAtLeastFourth(TestProblem problem) {
        assertDenseSlopeIsAtLeastFourth(ButcherTableau.dormandPrince54(), problem);
    }

    private void assertGlobalSlopeIsFifthOrder(ButcherTableau tableau, TestProblem problem) {
        int[] stepCounts = stepCounts(problem);
        double[] stepSizes = new double[stepCounts.length];
        double[] errors = new double[stepCounts.length];
        double[] expected = problem.solution(TestProblem.END);
        for (int i = 0; i < stepCounts.length; i++) {
            OdeSolver solver =
                    OdeSolver.builder().optTableau(tableau).optFixedSteps(stepCounts[i]).build();
            try (OdeSolution solution =
                    solver.solve(
                            problem.field(),
                            problem.initialState(manager),
                            TestProblem.START,
                            TestProblem.END)) {
                stepSizes[i] = (TestProblem.END - TestProblem.START) / stepCounts[i];
                errors[i] = TestProblem.maxAbsoluteError(solution.getFinalState(), expected);
            }
        }

        LogLogFit fit = LogLogFit.fit(stepSizes, errors, LOWEST_FITTED_ERROR, HIGHEST_FITTED_ERROR);
        report(tableau + " " + problem + " error at t = 10", fit, stepSizes, errors);
        assertTrue(fit.points() >= 3, "only " + fit.points() + " errors in the fitted range");
        assertTrue(fit.slope() >= MIN_GLOBAL_SLOPE, "slope " + fit.slope());
        assertTrue(fit.slope() <= MAX_GLOBAL_SLOPE, "slope " + fit.slope());
    }

    private void assertDenseSlopeIsAtLeastFourth(ButcherTableau tableau, TestProblem problem) {
        int[] stepCounts = stepCounts(problem);
        double[] stepSizes = new double[stepCounts.length];
        double[] errors = new double[stepCounts.length];
        for (int i = 0; i < stepCounts.length; i++) {
            int steps = stepCounts[i];
            double stepSize = (TestProblem.END - TestProblem.START) / steps;
            double[] midpoints = new double[steps];
            for (int j = 0; j < steps; j++) {
                midpoints[j] = TestProblem.START + (j + 0.5) * stepSize;
            }
            double[][] expected = problem.solutions(midpoints);

            OdeSolver solver = OdeSolver.builder().optTableau(tableau).optFixedSteps(steps).build();
            try (OdeSolution solution =
                    solver.solve(
                            problem.field(),
                            problem.initialState(manager),
                            TestProblem.START,
                            TestProblem.END,
                            midpoints)) {
                double error = 0;
                for (int j = 0; j < steps; j++) {
                    double midpointError =
                            TestProblem.maxAbsoluteError(solution.getState(j), expected[j]);
                    error = Math.max(error, midpointError);
                }
                stepSizes[i] = stepSize;
                errors[i] = error;
            }
        }

        LogLogFit fit = LogLogFit.fit(stepSizes, errors, LOWEST_FITTED_ERROR, HIGHEST_FITTED_ERROR);
        report(tableau + " " + problem + " error at step midpoints", fit, stepSizes, errors);
        assertTrue(fit.points() >= 3, "only " + fit.points() + " errors in the fitted range");
        assertTrue(fit.slope() >= MIN_DENSE_SLOPE, "slope " + fit.slope());
    }

    /**
     * Returns five step counts that double from 10, or from 40 for Lotka–Volterra, whose faster
     * dynamics leave 10 steps outside the asymptotic range.
     */
    private static int[] stepCounts(TestProblem problem) {
        int coarsest = problem == TestProblem.LOTKA_VOLTERRA ? 40 : 10;
        int[] counts = new int[5];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = coarsest << i;
        }
        return counts;
    }

    private static void report(String study, LogLogFit fit, double[] stepSizes, double[] errors) {
        System.out.printf(
                Locale.ROOT,
                "%s: slope %.3f over %d points%n%s",
                study,
                fit.slope(),
                fit.points(),
                LogLogFit.table("h", stepSizes, errors));
    }
}
