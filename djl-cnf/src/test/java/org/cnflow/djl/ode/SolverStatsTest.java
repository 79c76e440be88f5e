// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the counters of a solve against the calls of the field.
 *
 * <p>Both pairs have 7 stages and are first-same-as-last, so a step attempt evaluates stages 2 to
 * 7, six new evaluations, whether it is accepted or rejected. A solve adds the derivative at the
 * initial state and, when it chooses the first step itself, one explicit Euler probe.
 */
class SolverStatsTest {

    private NDManager manager;

    @BeforeEach
    void createManager() {
        manager = EngineSupport.pytorch().newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    static Stream<ButcherTableau> tableaus() {
        return Stream.of(ButcherTableau.tsit5(), ButcherTableau.dormandPrince54());
    }

    @ParameterizedTest
    @MethodSource("tableaus")
    void adaptiveEvaluationsAreSixPerAttemptPlusTwo(ButcherTableau tableau) {
        // Lotka–Volterra at 1e-6 rejects a few steps, so both kinds of attempt are counted.
        AtomicInteger calls = new AtomicInteger();
        OdeSolver solver = OdeSolver.builder().optTableau(tableau).optTolerance(1e-6).build();
        SolverStats stats = solveLotkaVolterra(solver, calls);

        int attempts = stats.acceptedSteps() + stats.rejectedSteps();
        assertTrue(stats.rejectedSteps() > 0, "no rejected steps in " + stats);
        assertEquals(calls.get(), stats.functionEvaluations());
        assertEquals(6 * attempts + 2, stats.functionEvaluations());
    }

    @Test
    void givenFirstStepSkipsEulerProbe() {
        AtomicInteger calls = new AtomicInteger();
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-6).optFirstStep(0.01).build();
        SolverStats stats = solveLotkaVolterra(solver, calls);

        int attempts = stats.acceptedSteps() + stats.rejectedSteps();
        assertEquals(calls.get(), stats.functionEvaluations());
        assertEquals(6 * attempts + 1, stats.functionEvaluations());
    }

    @Test
    void fixedStepEvaluationsAreSixPerStep() {
        AtomicInteger calls = new AtomicInteger();
        OdeSolver solver = OdeSolver.builder().optFixedSteps(50).build();
        SolverStats stats = solveLotkaVolterra(solver, calls);

        assertEquals(50, stats.acceptedSteps());
        assertEquals(0, stats.rejectedSteps());
        assertEquals(calls.get(), stats.functionEvaluations());
        assertEquals(6 * 50 + 1, stats.functionEvaluations());
    }

    @Test
    void failedSolveCountsEveryEvaluation() {
        AtomicInteger calls = new AtomicInteger();
        OdeFunction stiffDecay =
                (t, y) -> {
                    calls.incrementAndGet();
                    return y.mul(-1e4);
                };
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-5).optMaxSteps(100).build();

        OdeSolverException e =
                assertThrows(
                        OdeSolverException.class,
                        () -> solver.solve(stiffDecay, manager.create(new double[] {1}), 0, 1));

        SolverStats stats = e.getStats();
        assertEquals(calls.get(), stats.functionEvaluations());
        assertEquals(6 * 100 + 2, stats.functionEvaluations());
    }

    private SolverStats solveLotkaVolterra(OdeSolver solver, AtomicInteger calls) {
        TestProblem problem = TestProblem.LOTKA_VOLTERRA;
        OdeFunction countingField =
                (t, y) -> {
                    calls.incrementAndGet();
                    return problem.derivative(y);
                };
        try (OdeSolution solution =
                solver.solve(
                        countingField,
                        problem.initialState(manager),
                        TestProblem.START,
                        TestProblem.END)) {
            return solution.getStats();
        }
    }
}
