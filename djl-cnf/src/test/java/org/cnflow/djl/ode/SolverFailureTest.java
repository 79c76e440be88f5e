// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks which solves stop with {@link OdeSolverException}, and with which reason. */
class SolverFailureTest {

    private NDManager manager;

    @BeforeEach
    void createManager() {
        manager = EngineSupport.pytorch().newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void stiffDecayHitsStepLimit() {
        // Explicit stability bounds the steps on y' = -1e4 y to about 3.5e-4, so without a limit
        // the solve of [0, 1] takes about 2900 steps (measured), far more than 500.
        OdeFunction stiffDecay = (t, y) -> y.mul(-1e4);
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-5).optMaxSteps(500).build();
        NDArray y0 = manager.create(new double[] {1});

        OdeSolverException e =
                assertThrows(OdeSolverException.class, () -> solver.solve(stiffDecay, y0, 0, 1));

        assertEquals(OdeSolverException.Reason.STEP_LIMIT, e.getReason());
        assertEquals(500, e.getStats().acceptedSteps() + e.getStats().rejectedSteps());
        assertTrue(e.getTime() > 0, "time " + e.getTime());
        assertTrue(e.getTime() < 1, "time " + e.getTime());
        assertMessageNamesFailurePoint(e);
    }

    @Test
    void nanFieldRaisesNonFiniteWithinOneStep() {
        // The field is NaN from t = 0.5 on. The first step with a stage at or after 0.5 gets a NaN
        // error estimate, so the solve stops at the start of that step.
        OdeFunction field = (t, y) -> t >= 0.5 ? y.mul(Double.NaN) : y.neg();
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-6).build();
        NDArray y0 = manager.create(new double[] {1});

        OdeSolverException e =
                assertThrows(OdeSolverException.class, () -> solver.solve(field, y0, 0, 1));

        assertEquals(OdeSolverException.Reason.NON_FINITE, e.getReason());
        assertTrue(e.getTime() < 0.5, "time " + e.getTime());
        assertTrue(
                0.5 - e.getTime() <= Math.abs(e.getStepSize()),
                "time " + e.getTime() + ", step size " + e.getStepSize());
        assertMessageNamesFailurePoint(e);
    }

    @Test
    void minimumStepAboveNeedRaisesUnderflow() {
        // At tolerance 1e-10 the oscillator takes steps of 0.037 on average (measured), so no
        // step of 0.5 can meet the tolerance.
        double minStepSize = 0.5;
        TestProblem problem = TestProblem.OSCILLATOR;
        OdeSolver solver =
                OdeSolver.builder().optTolerance(1e-10).optMinStepSize(minStepSize).build();

        OdeSolverException e =
                assertThrows(
                        OdeSolverException.class,
                        () ->
                                solver.solve(
                                        problem.field(),
                                        problem.initialState(manager),
                                        TestProblem.START,
                                        TestProblem.END));

        assertEquals(OdeSolverException.Reason.STEP_SIZE_UNDERFLOW, e.getReason());
        assertTrue(Math.abs(e.getStepSize()) < minStepSize, "step size " + e.getStepSize());
        assertTrue(e.getMessage().contains("minimum step size " + minStepSize), e.getMessage());
        assertMessageNamesFailurePoint(e);
    }

    @Test
    void minimumStepOverridesSmallerFirstGuess() {
        // At tolerance 1e-10 the first-step heuristic proposes 0.0043 for the oscillator, but
        // every step the controller chooses afterwards is above 0.01 (both measured). A minimum
        // step size of 0.01 fits the problem, so the solve must start there and finish.
        TestProblem problem = TestProblem.OSCILLATOR;
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-10).optMinStepSize(0.01).build();

        try (OdeSolution solution =
                solver.solve(
                        problem.field(),
                        problem.initialState(manager),
                        TestProblem.START,
                        TestProblem.END)) {
            double error =
                    TestProblem.maxAbsoluteError(
                            solution.getFinalState(), problem.solution(TestProblem.END));
            assertTrue(error <= 1e-8, "error " + error);
        }
    }

    @Test
    void nonFiniteDerivativeAtStartRaisesNonFinite() {
        OdeFunction field = (t, y) -> y.mul(Double.POSITIVE_INFINITY);
        OdeSolver solver = OdeSolver.builder().build();
        NDArray y0 = manager.create(new double[] {1});

        OdeSolverException e =
                assertThrows(OdeSolverException.class, () -> solver.solve(field, y0, 0, 1));

        assertEquals(OdeSolverException.Reason.NON_FINITE, e.getReason());
        assertEquals(0, e.getTime());
        assertMessageNamesFailurePoint(e);
    }

    /** Asserts that the message states the time, the step size and every counter. */
    private static void assertMessageNamesFailurePoint(OdeSolverException e) {
        String message = e.getMessage();
        SolverStats stats = e.getStats();
        assertTrue(message.contains("t = " + e.getTime()), message);
        assertTrue(message.contains("step size " + e.getStepSize()), message);
        assertTrue(message.contains(stats.functionEvaluations() + " evaluations"), message);
        assertTrue(message.contains(stats.acceptedSteps() + " accepted"), message);
        assertTrue(message.contains(stats.rejectedSteps() + " rejected"), message);
    }
}
