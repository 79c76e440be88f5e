// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks that a solve leaves nothing behind on the caller's manager but its result. */
class SolverMemoryTest {

    private static final int LONG_SOLVE_STEPS = 20_000;

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
    void longFixedStepSolveLeavesOnlyResult() {
        NDArray y0 = manager.ones(new Shape(100, 2), DataType.FLOAT64);
        double[] saveAt = {2.5, 5, 7.5};
        OdeSolver solver = OdeSolver.builder().optFixedSteps(LONG_SOLVE_STEPS).build();
        int before = managedArrayCount();

        OdeSolution solution =
                solver.solve(TestProblem.EXPONENTIAL_DECAY.field(), y0, 0, 10, saveAt);
        int withSolution = managedArrayCount();
        solution.close();

        assertEquals(before + 1 + saveAt.length, withSolution);
        assertEquals(before, managedArrayCount());
    }

    @Test
    void adaptiveSolveLeavesOnlyResult() {
        TestProblem problem = TestProblem.LOTKA_VOLTERRA;
        NDArray y0 = problem.initialState(manager);
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-6).build();
        int before = managedArrayCount();

        OdeSolution solution =
                solver.solve(problem.field(), y0, TestProblem.START, TestProblem.END, 5);
        int withSolution = managedArrayCount();
        solution.close();

        assertEquals(before + 2, withSolution);
        assertEquals(before, managedArrayCount());
    }

    @Test
    void failedSolveLeavesNothing() {
        OdeFunction field = (t, y) -> t >= 0.5 ? y.mul(Double.NaN) : y.neg();
        NDArray y0 = manager.create(new double[] {1});
        OdeSolver solver = OdeSolver.builder().optTolerance(1e-6).build();
        int before = managedArrayCount();

        assertThrows(OdeSolverException.class, () -> solver.solve(field, y0, 0, 1, 0.1, 0.9));

        assertEquals(before, managedArrayCount());
    }

    private int managedArrayCount() {
        return manager.getManagedArrays().size();
    }
}
