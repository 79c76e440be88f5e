// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks that invalid arguments to a solve raise {@link IllegalArgumentException}. */
class SolverArgumentTest {

    private final OdeSolver solver = OdeSolver.builder().build();
    private final OdeFunction decay = TestProblem.EXPONENTIAL_DECAY.field();
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
    void saveTimeAfterEndIsRejected() {
        NDArray y0 = manager.create(new double[] {1});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> solver.solve(decay, y0, 0, 10, 11));
        assertTrue(e.getMessage().contains("11.0"), e.getMessage());
    }

    @Test
    void saveTimeBeforeStartIsRejected() {
        NDArray y0 = manager.create(new double[] {1});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> solver.solve(decay, y0, 0, 10, -1));
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
    }

    @Test
    void saveTimesOutOfOrderAreRejected() {
        NDArray y0 = manager.create(new double[] {1});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> solver.solve(decay, y0, 0, 10, 5, 3));
        assertTrue(e.getMessage().contains("3.0"), e.getMessage());
    }

    @Test
    void ascendingSaveTimesOfBackwardSolveAreRejected() {
        NDArray y0 = manager.create(new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> solver.solve(decay, y0, 10, 0, 2, 5));
    }

    @Test
    void nanInInitialStateIsRejected() {
        NDArray y0 = manager.create(new double[] {1, Double.NaN});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> solver.solve(decay, y0, 0, 1));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void int32InitialStateIsRejected() {
        NDArray y0 = manager.create(new int[] {1, 2});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> solver.solve(decay, y0, 0, 1));
        assertTrue(e.getMessage().contains("int32"), e.getMessage());
    }

    @Test
    void derivativeOfWrongShapeIsRejected() {
        OdeFunction wrongShape = (t, y) -> y.sum();
        NDArray y0 = manager.create(new double[] {1, 2});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> solver.solve(wrongShape, y0, 0, 1));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }
}
