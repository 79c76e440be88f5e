// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checks that a solve keeps no arrays but its result and no native memory after it ends. */
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

    @Test
    @Timeout(120)
    void residentMemoryDoesNotGrowWithStepCount() throws Exception {
        assumeTrue(
                Files.isReadable(Path.of("/proc/self/status")),
                "resident memory is read from Linux /proc");

        // In this JVM the garbage collector grows the Java heap during long solves, by 66 MB to
        // 300 MB in trial runs, and resident memory cannot tell that from native memory. The
        // probe's JVM has a fixed heap that is touched at startup, so heap sizing cannot move
        // its resident memory.
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms256m",
                        "-Xmx256m",
                        "-XX:+AlwaysPreTouch",
                        "-XX:+UseSerialGC",
                        "-Dai.djl.offline=true",
                        "-Dai.djl.default_engine=PyTorch",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ResidentMemoryProbe.class.getName());
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream stream = probe.getInputStream()) {
            output = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, probe.waitFor(), output);

        long afterShortSolve = readKilobytes(output, ResidentMemoryProbe.AFTER_SHORT_SOLVE);
        long afterLongSolve = readKilobytes(output, ResidentMemoryProbe.AFTER_LONG_SOLVE);
        System.out.printf(
                Locale.ROOT,
                "resident memory after %d steps: %d kB, after %d steps: %d kB%n",
                ResidentMemoryProbe.SHORT_SOLVE_STEPS,
                afterShortSolve,
                ResidentMemoryProbe.LONG_SOLVE_STEPS,
                afterLongSolve);
        long growth = afterLongSolve - afterShortSolve;
        assertTrue(growth < 20 * 1024, "resident memory grew by " + growth + " kB");
    }

    /** Reads the value of the output line that starts with {@code key}. */
    private static long readKilobytes(String output, String key) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(key + " ")) {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        throw new AssertionError("No line " + key + " in the probe's output:\n" + output);
    }

    private int managedArrayCount() {
        return manager.getManagedArrays().size();
    }
}
