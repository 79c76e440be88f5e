// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Locale;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Solves eight Lotka–Volterra initial values as one (8, 2) state and compares with solo solves. */
class BatchSolveTest {

    /** Initial values around the equilibrium (3, 1.5), on orbits of different size and period. */
    private static final double[][] INITIAL_VALUES = {
        {1, 1}, {2, 1}, {1, 2}, {0.5, 1}, {1, 0.5}, {2, 2}, {3, 1}, {1.5, 0.75}
    };

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
    void fixedStepBatchEqualsSeparateSolves() {
        // Each row goes through the same arithmetic as its solo solve, so only the summation
        // order inside the engine's kernels can differ, by rounding error far below 1e-12.
        OdeSolver solver = OdeSolver.builder().optFixedSteps(200).build();
        double[][] batchRows = solveBatch(solver);
        for (int row = 0; row < INITIAL_VALUES.length; row++) {
            double[] alone = solveAlone(solver, INITIAL_VALUES[row]);
            assertArrayEquals(alone, batchRows[row], 1e-12, "row " + row);
        }
    }

    @Test
    void perRowBatchKeepsSoloAccuracy() {
        // PER_ROW accepts a batch step only when every row meets the tolerance, so no row should
        // end up less accurate than when it is solved alone. The batch takes the steps of its
        // most demanding row, which can make another row ten times more accurate than alone
        // (measured on the orbit from (0.5, 1)). A direct comparison would then report that gain
        // as a difference, so each row's error against the reference is compared with its solo
        // error instead, and may exceed it by at most 10 tolerances.
        double tolerance = 1e-8;
        OdeSolver solver =
                OdeSolver.builder().optTolerance(tolerance).optErrorNorm(ErrorNorm.PER_ROW).build();
        double[][] batchRows = solveBatch(solver);
        for (int row = 0; row < INITIAL_VALUES.length; row++) {
            double[] reference =
                    TestProblem.LOTKA_VOLTERRA.reference(
                            INITIAL_VALUES[row], TestProblem.START, TestProblem.END);
            double batchError = TestProblem.maxAbsoluteError(batchRows[row], reference);
            double soloError =
                    TestProblem.maxAbsoluteError(
                            solveAlone(solver, INITIAL_VALUES[row]), reference);
            System.out.printf(
                    Locale.ROOT,
                    "row %d from %s: batch error %.3e, solo error %.3e%n",
                    row,
                    Arrays.toString(INITIAL_VALUES[row]),
                    batchError,
                    soloError);
            assertTrue(
                    batchError <= soloError + 10 * tolerance,
                    "row " + row + ": batch error " + batchError + ", solo error " + soloError);
        }
    }

    /** Solves all initial values in one call and returns the final rows. */
    private double[][] solveBatch(OdeSolver solver) {
        NDArray y0 = manager.create(INITIAL_VALUES);
        try (OdeSolution solution =
                solver.solve(
                        TestProblem.LOTKA_VOLTERRA.field(),
                        y0,
                        TestProblem.START,
                        TestProblem.END)) {
            double[] flat = solution.getFinalState().toDoubleArray();
            double[][] rows = new double[INITIAL_VALUES.length][2];
            for (int row = 0; row < rows.length; row++) {
                rows[row][0] = flat[2 * row];
                rows[row][1] = flat[2 * row + 1];
            }
            return rows;
        }
    }

    /**
     * Solves one initial value as a (1, 2) state, one row of the batch, so that PER_ROW applies the
     * same norm as in the batch. A (2) state would make each component a row of its own.
     */
    private double[] solveAlone(OdeSolver solver, double[] initialValue) {
        try (OdeSolution solution =
                solver.solve(
                        TestProblem.LOTKA_VOLTERRA.field(),
                        manager.create(new double[][] {initialValue}),
                        TestProblem.START,
                        TestProblem.END)) {
            return solution.getFinalState().toDoubleArray();
        }
    }
}
