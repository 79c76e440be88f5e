// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cnflow.djl.EngineSupport;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compares the work–precision curve of adaptive Tsit5 with Hipparchus' {@code
 * DormandPrince54Integrator}, a 5(4) pair with the same error norm as this solver, the root mean
 * square of {@code err / (abstol + reltol · max(|y0|, |y1|))}.
 *
 * <p>Both solvers sweep one tolerance range with {@code abstol = reltol}. Their curves are compared
 * at equal global error, not at equal tolerance, because the step-size controllers turn a tolerance
 * into different errors: at equal tolerance Tsit5's error is about 10 times smaller (measured). For
 * each Tsit5 point whose error lies within the range of Hipparchus' errors, log(evaluations) on
 * Hipparchus' curve is interpolated linearly in log(error).
 */
class HipparchusComparisonTest {

    private static final double[] TOLERANCES = {1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};

    /**
     * Largest accepted ratio of Tsit5's evaluations to Hipparchus' at equal error. Both pairs are
     * of order 5 and cost six evaluations per step, so they should need about as many evaluations.
     * The margin of 1.2 allows for the different controllers and first steps.
     */
    private static final double MAX_EVALUATION_RATIO = 1.2;

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
    void tsit5MatchesHipparchusWorkAtEqualError(TestProblem problem) {
        double[] expected = problem.solution(TestProblem.END);
        List<WorkPoint> ours = new ArrayList<>();
        List<WorkPoint> hipparchus = new ArrayList<>();
        for (double tolerance : TOLERANCES) {
            ours.add(solveWithTsit5(problem, tolerance, expected));
            hipparchus.add(solveWithHipparchus(problem, tolerance, expected));
        }
        printCurves(problem, ours, hipparchus);

        List<WorkPoint> theirCurve = new ArrayList<>(hipparchus);
        theirCurve.sort(Comparator.comparingDouble(WorkPoint::error));
        int compared = 0;
        for (WorkPoint point : ours) {
            double theirEvaluations = interpolateEvaluations(theirCurve, point.error());
            if (Double.isNaN(theirEvaluations)) {
                continue;
            }
            compared++;
            double ratio = point.evaluations() / theirEvaluations;
            System.out.printf(
                    Locale.ROOT,
                    "  at error %.3e: tsit5 %d, Hipparchus %.1f evaluations, ratio %.3f%n",
                    point.error(),
                    point.evaluations(),
                    theirEvaluations,
                    ratio);
            assertTrue(
                    ratio <= MAX_EVALUATION_RATIO,
                    String.format(
                            Locale.ROOT,
                            "%s at error %.3e: ratio %.3f",
                            problem,
                            point.error(),
                            ratio));
        }
        assertTrue(compared >= 3, "only " + compared + " points in the common error range");
    }

    /** One solve of a sweep: the tolerance, the field evaluations and the error at t = 10. */
    private record WorkPoint(double tolerance, int evaluations, double error) {}

    private WorkPoint solveWithTsit5(TestProblem problem, double tolerance, double[] expected) {
        OdeSolver solver = OdeSolver.builder().optTolerance(tolerance).build();
        try (OdeSolution solution =
                solver.solve(
                        problem.field(),
                        problem.initialState(manager),
                        TestProblem.START,
                        TestProblem.END)) {
            double error = TestProblem.maxAbsoluteError(solution.getFinalState(), expected);
            return new WorkPoint(tolerance, solution.getStats().functionEvaluations(), error);
        }
    }

    private static WorkPoint solveWithHipparchus(
            TestProblem problem, double tolerance, double[] expected) {
        double span = TestProblem.END - TestProblem.START;
        DormandPrince54Integrator integrator =
                new DormandPrince54Integrator(1e-12 * span, span, tolerance, tolerance);
        double[] actual =
                integrator
                        .integrate(
                                problem.equation(),
                                new ODEState(TestProblem.START, problem.initialValue()),
                                TestProblem.END)
                        .getPrimaryState();
        double error = TestProblem.maxAbsoluteError(actual, expected);
        return new WorkPoint(tolerance, integrator.getEvaluations(), error);
    }

    /**
     * Interpolates log(evaluations) linearly in log(error) along a curve sorted by error.
     *
     * @return the evaluations at {@code error}, or NaN outside the curve's error range
     */
    private static double interpolateEvaluations(List<WorkPoint> curve, double error) {
        for (int i = 0; i + 1 < curve.size(); i++) {
            WorkPoint lower = curve.get(i);
            WorkPoint upper = curve.get(i + 1);
            if (error < lower.error() || error > upper.error()) {
                continue;
            }
            double fraction =
                    Math.log(error / lower.error()) / Math.log(upper.error() / lower.error());
            double logEvaluations =
                    Math.log(lower.evaluations())
                            + fraction
                                    * Math.log((double) upper.evaluations() / lower.evaluations());
            return Math.exp(logEvaluations);
        }
        return Double.NaN;
    }

    private static void printCurves(
            TestProblem problem, List<WorkPoint> ours, List<WorkPoint> hipparchus) {
        System.out.printf(
                Locale.ROOT,
                "%s work-precision, tsit5 against Hipparchus DormandPrince54Integrator%n",
                problem);
        System.out.println("  tolerance   tsit5 evals  tsit5 error  Hipparchus evals  error");
        for (int i = 0; i < ours.size(); i++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %.0e       %6d       %.3e    %6d            %.3e%n",
                    ours.get(i).tolerance(),
                    ours.get(i).evaluations(),
                    ours.get(i).error(),
                    hipparchus.get(i).evaluations(),
                    hipparchus.get(i).error());
        }
    }
}
