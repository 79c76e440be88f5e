// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnflow.djl.EngineSupport;

/**
 * Prints the resident memory of this JVM after a short and after a long fixed-step solve.
 *
 * <p>{@link SolverMemoryTest} runs this class in a JVM of its own whose Java heap has a fixed size
 * and is touched at startup, so that a change in resident memory comes from native memory and not
 * from the garbage collector resizing the heap. Output lines have the form {@code KEY kilobytes}.
 */
final class ResidentMemoryProbe {

    static final String AFTER_SHORT_SOLVE = "resident-after-short-solve";
    static final String AFTER_LONG_SOLVE = "resident-after-long-solve";
    static final int SHORT_SOLVE_STEPS = 2_000;
    static final int LONG_SOLVE_STEPS = 20_000;

    private ResidentMemoryProbe() {}

    /**
     * Solves {@code y' = -y} for a (100, 2) state with 20000, 2000 and 20000 fixed steps and prints
     * the resident memory after the last two solves. The first solve compiles the hot paths and
     * grows the native heap to its working size, so it is not measured.
     *
     * @param args ignored
     * @throws IOException if {@code /proc/self/status} cannot be read
     */
    public static void main(String[] args) throws IOException {
        try (NDManager manager = EngineSupport.pytorch().newBaseManager()) {
            NDArray y0 = manager.ones(new Shape(100, 2), DataType.FLOAT64);
            solve(y0, LONG_SOLVE_STEPS);
            solve(y0, SHORT_SOLVE_STEPS);
            System.out.println(AFTER_SHORT_SOLVE + " " + residentKilobytes());
            solve(y0, LONG_SOLVE_STEPS);
            System.out.println(AFTER_LONG_SOLVE + " " + residentKilobytes());
        }
    }

    private static void solve(NDArray y0, int steps) {
        OdeSolver solver = OdeSolver.builder().optFixedSteps(steps).build();
        solver.solve(TestProblem.EXPONENTIAL_DECAY.field(), y0, 0, 10).close();
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("No VmRSS line in /proc/self/status");
    }
}
