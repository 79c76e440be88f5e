// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the accuracy of adaptive Tsit5 solves against tolerances, directions and data types. */
class AdaptiveAccuracyTest {

    private static final double[] TOLERANCES = {1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9};

    /**
     * Lower bound on the slope of global error against tolerance. Controlling the local error of a
     * method of order p makes steps scale as tol^(1/(p+1)) and the global error as tol^(p/(p+1)),
     * which is tol^0.83 for p = 5. The bound 0.7 leaves a margin for the fit over seven points.
     */
    private static final double MIN_TOLERANCE_SLOPE = 0.7;

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
    void globalErrorFallsWithTolerance(TestProblem problem) {
        double[] expected = problem.solution(TestProblem.END);
        double[] errors = new double[TOLERANCES.length];
        for (int i = 0; i < TOLERANCES.length; i++) {
            OdeSolver solver = OdeSolver.builder().optTolerance(TOLERANCES[i]).build();
            try (OdeSolution solution =
                    solver.solve(
                            problem.field(),
                            problem.initialState(manager),
                            TestProblem.START,
                            TestProblem.END)) {
                errors[i] = TestProblem.maxAbsoluteError(solution.getFinalState(), expected);
            }
        }

        LogLogFit fit = LogLogFit.fit(TOLERANCES, errors);
        System.out.printf(
                Locale.ROOT,
                "tsit5 %s error against tolerance: slope %.3f%n%s",
                problem,
                fit.slope(),
                LogLogFit.table("tol", TOLERANCES, errors));
        assertTrue(fit.slope() >= MIN_TOLERANCE_SLOPE, "slope " + fit.slope());
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-6, 1e-9})
    void oscillatorRoundTripRecoversInitialValue(double tolerance) {
        // Each direction commits a global error of about the tolerance on this problem (4e-7 at
        // 1e-6 forward), and the two add up, so 100 times the tolerance leaves a wide margin.
        TestProblem problem = TestProblem.OSCILLATOR;
        OdeSolver solver = OdeSolver.builder().optTolerance(tolerance).build();
        NDArray y0 = problem.initialState(manager);
        try (OdeSolution forward =
                        solver.solve(problem.field(), y0, TestProblem.START, TestProblem.END);
                OdeSolution backward =
                        solver.solve(
                                problem.field(),
                                forward.getFinalState(),
                                TestProblem.END,
                                TestProblem.START)) {
            double error =
                    TestProblem.maxAbsoluteError(backward.getFinalState(), problem.initialValue());
            System.out.printf(
                    Locale.ROOT,
                    "oscillator round trip at tol %.0e: error %.3e%n",
                    tolerance,
                    error);
            assertTrue(error <= 100 * tolerance, "error " + error);
        }
    }

    @Test
    void backwardDecaySolveMatchesExp() {
        // Solving y' = -y from y(10) = exp(-10) back to t = 0 grows the state by e^10. An
        // absolute tolerance far below 1e-8 times the smallest state leaves the relative tolerance
        // in control. The bound of 10 relative tolerances is loose (measured error: 1e-9).
        double relativeTolerance = 1e-8;
        double[] saveAt = {8, 5, 2};
        OdeSolver solver =
                OdeSolver.builder()
                        .optRelativeTolerance(relativeTolerance)
                        .optAbsoluteTolerance(1e-14)
                        .build();
        NDArray y10 = manager.create(new double[] {Math.exp(-10)});
        try (OdeSolution solution =
                solver.solve(TestProblem.EXPONENTIAL_DECAY.field(), y10, 10, 0, saveAt)) {
            for (int i = 0; i < saveAt.length; i++) {
                double expected = Math.exp(-saveAt[i]);
                double actual = solution.getState(i).getDouble(0);
                assertEquals(
                        expected, actual, 10 * relativeTolerance * expected, "t = " + saveAt[i]);
            }
            assertEquals(1, solution.getFinalState().getDouble(0), 10 * relativeTolerance);
        }
    }

    @Test
    void float32OscillatorMeetsTolerance() {
        // At tolerance 1e-6 the float64 solve errs by 4e-7 and the float32 one by 9e-7 (measured),
        // so 1e-5 leaves a wide margin for float32 rounding.
        TestProblem problem = TestProblem.OSCILLATOR;
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-6).build();
        NDArray y0 = problem.initialState(manager).toType(DataType.FLOAT32, false);
        try (OdeSolution solution =
                solver.solve(problem.field(), y0, TestProblem.START, TestProblem.END)) {
            NDArray finalState = solution.getFinalState();
            assertEquals(DataType.FLOAT32, finalState.getDataType());
            double error =
                    TestProblem.maxAbsoluteError(finalState, problem.solution(TestProblem.END));
            assertTrue(error <= 1e-5, "error " + error);
        }
    }

    @Test
    void float32StateKeepsTimeInDouble() {
        // y' = cos(t) on [1e5, 1e5 + 2]. Near 1e5 float32 resolves time only to 0.0078. Rounding
        // the stage times to float32 in the field makes the solve miss sin(t1) - sin(t0) by 7e-4
        // (measured), while double time keeps the error below 1e-7.
        double t0 = 1e5;
        double t1 = t0 + 2;
        OdeFunction field = (t, y) -> y.onesLike().mul(Math.cos(t));
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-6).build();
        NDArray y0 = manager.create(new float[] {0});
        double[] saveAt = {t0 + 1e-3};
        try (OdeSolution solution = solver.solve(field, y0, t0, t1, saveAt)) {
            assertArrayEquals(saveAt, solution.getTimes(), 0.0);
            double expectedEnd = Math.sin(t1) - Math.sin(t0);
            double expectedSaved = Math.sin(saveAt[0]) - Math.sin(t0);
            assertEquals(expectedEnd, solution.getFinalState().getFloat(0), 1e-5);
            assertEquals(expectedSaved, solution.getState(0).getFloat(0), 1e-5);
        }
    }
}
