// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MoreThuenteLineSearchTest {

    static Stream<Arguments> paperProblems() {
        return TestFunctions.moreThuenteProblems().stream()
                .flatMap(
                        problem ->
                                Stream.of(1e-3, 1e-1, 1e1, 1e3)
                                        .map(step -> Arguments.of(problem, step)));
    }

    @ParameterizedTest(name = "{0}, initial step {1}")
    @MethodSource("paperProblems")
    void acceptedStepSatisfiesStrongWolfe(TestFunctions.LineProblem problem, double initialStep) {
        MoreThuenteLineSearch search =
                MoreThuenteLineSearch.builder()
                        .optSufficientDecrease(problem.mu())
                        .optCurvature(problem.eta())
                        .build();
        LineFunction line = problem.lineFunction();

        LineSearchResult result = search.search(line, initialStep);

        LineFunction.Trial trial = result.trial();
        assertEquals(LineSearchStatus.SUCCESS, result.status(), result.toString());
        assertTrue(trial.step() > 0, "step " + trial.step());
        double decreaseBound =
                line.initialValue() + problem.mu() * trial.step() * line.initialSlope();
        assertTrue(trial.value() <= decreaseBound, trial + " above " + decreaseBound);
        double curvatureBound = problem.eta() * Math.abs(line.initialSlope());
        assertTrue(Math.abs(trial.slope()) <= curvatureBound, trial + " vs " + curvatureBound);
        assertEquals(line.evaluations(), result.evaluations());
    }

    @Test
    void ascentDirectionIsRejected() {
        LineFunction line = lineFunction((x, gradient) -> square(x, gradient, -1), 0);

        LineSearchResult result = MoreThuenteLineSearch.builder().build().search(line, 1);

        assertEquals(LineSearchStatus.NOT_DESCENT_DIRECTION, result.status());
        assertEquals(0, result.evaluations());
        assertEquals(0, result.trial().step());
    }

    @Test
    void nonFiniteTrialHalvesStep() {
        // (x − 1)² is NaN beyond x = 1.2, so the trials at 4 and 2 fail and the one at 1 is exact.
        LineFunction line = lineFunction(TestFunctions::nanBeyond, 0);

        LineSearchResult result = MoreThuenteLineSearch.builder().build().search(line, 4);

        assertEquals(LineSearchStatus.SUCCESS, result.status());
        assertEquals(1, result.trial().step());
        assertEquals(3, result.evaluations());
    }

    @Test
    void onlyNonFiniteTrialsGiveNonFiniteStatus() {
        LineFunction line = lineFunction(TestFunctions::finiteOnlyAtZero, 0);
        MoreThuenteLineSearch search =
                MoreThuenteLineSearch.builder().optMaxEvaluations(12).build();

        LineSearchResult result = search.search(line, 1);

        assertEquals(LineSearchStatus.NON_FINITE, result.status());
        assertEquals(12, result.evaluations());
        assertEquals(0, result.trial().step());
        assertTrue(result.trial().isFinite());
    }

    @Test
    void evaluationLimitStopsSearch() {
        TestFunctions.LineProblem problem = TestFunctions.moreThuenteProblems().get(1);
        LineFunction line = problem.lineFunction();
        MoreThuenteLineSearch search =
                MoreThuenteLineSearch.builder()
                        .optSufficientDecrease(problem.mu())
                        .optCurvature(problem.eta())
                        .optMaxEvaluations(2)
                        .build();

        LineSearchResult result = search.search(line, 1e-3);

        assertEquals(LineSearchStatus.MAX_EVALUATIONS, result.status());
        assertEquals(2, result.evaluations());
        assertTrue(result.trial().value() <= line.initialValue());
    }

    @Test
    void invalidInitialStepIsRejected() {
        LineFunction line = lineFunction((x, gradient) -> square(x, gradient, 1), 0);
        MoreThuenteLineSearch search = MoreThuenteLineSearch.builder().build();

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> search.search(line, 0));

        assertTrue(error.getMessage().contains("initialStep"), error.getMessage());
    }

    @Test
    void builderRejectsParametersOutOfRange() {
        IllegalArgumentException decrease =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MoreThuenteLineSearch.builder().optSufficientDecrease(0).build());
        IllegalArgumentException curvature =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                MoreThuenteLineSearch.builder()
                                        .optSufficientDecrease(0.5)
                                        .optCurvature(0.4)
                                        .build());
        IllegalArgumentException evaluations =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MoreThuenteLineSearch.builder().optMaxEvaluations(0).build());

        assertTrue(decrease.getMessage().contains("but is 0.0"), decrease.getMessage());
        assertTrue(curvature.getMessage().contains("but is 0.4"), curvature.getMessage());
        assertTrue(evaluations.getMessage().contains("but is 0"), evaluations.getMessage());
    }

    /** Returns (x − center)², whose slope at 0 along +1 is −2·center. */
    static double square(double[] x, double[] gradient, double center) {
        gradient[0] = 2 * (x[0] - center);
        return (x[0] - center) * (x[0] - center);
    }

    /** Returns the restriction of a one-dimensional function to the ray from x0 along +1. */
    static LineFunction lineFunction(DifferentiableFunction function, double x0) {
        double[] origin = {x0};
        double[] gradient = new double[1];
        double value = function.evaluate(origin, gradient);
        return new LineFunction(function, origin, value, gradient, new double[] {1});
    }
}
