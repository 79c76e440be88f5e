// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import static org.cnflow.djl.optim.MoreThuenteLineSearchTest.lineFunction;
import static org.cnflow.djl.optim.MoreThuenteLineSearchTest.square;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HagerZhangLineSearchTest {

    private static final double EPSILON = 1e-6;

    static Stream<Arguments> paperProblems() {
        return MoreThuenteLineSearchTest.paperProblems();
    }

    /**
     * Checks the paper's problems with δ = μ and σ = η, which the Hager–Zhang ranges 0 &lt; δ &lt;
     * 0.5 and δ ≤ σ &lt; 1 admit for all six.
     */
    @ParameterizedTest(name = "{0}, initial step {1}")
    @MethodSource("paperProblems")
    void acceptedStepSatisfiesWolfeOrApproximateWolfe(
            TestFunctions.LineProblem problem, double initialStep) {
        HagerZhangLineSearch search =
                HagerZhangLineSearch.builder()
                        .optSufficientDecrease(problem.mu())
                        .optCurvature(problem.eta())
                        .build();
        LineFunction line = problem.lineFunction();

        LineSearchResult result = search.search(line, initialStep);

        LineFunction.Trial trial = result.trial();
        assertEquals(LineSearchStatus.SUCCESS, result.status(), result.toString());
        assertTrue(trial.step() > 0, "step " + trial.step());
        double value0 = line.initialValue();
        double slope0 = line.initialSlope();
        assertTrue(trial.slope() >= problem.eta() * slope0, trial + " breaks the curvature test");
        boolean wolfe = trial.value() - value0 <= problem.mu() * trial.step() * slope0;
        boolean approximateWolfe =
                trial.slope() <= (2 * problem.mu() - 1) * slope0
                        && trial.value() <= value0 + EPSILON * Math.abs(value0);
        assertTrue(wolfe || approximateWolfe, trial + " satisfies neither condition");
        assertEquals(line.evaluations(), result.evaluations());
    }

    @Test
    void approximateWolfeAcceptsSmallIncrease() {
        LineFunction line = lineFunction(TestFunctions::risingShoulder, 0);

        LineSearchResult result = HagerZhangLineSearch.builder().build().search(line, 1);

        assertEquals(LineSearchStatus.SUCCESS, result.status());
        assertEquals(1, result.trial().step());
        assertTrue(result.trial().value() > line.initialValue(), result.toString());
    }

    @Test
    void zeroToleranceForbidsIncrease() {
        LineFunction line = lineFunction(TestFunctions::risingShoulder, 0);
        HagerZhangLineSearch search =
                HagerZhangLineSearch.builder().optApproximateWolfeTolerance(0).build();

        LineSearchResult result = search.search(line, 1);

        assertEquals(LineSearchStatus.SUCCESS, result.status());
        assertTrue(result.trial().value() <= line.initialValue(), result.toString());
    }

    @Test
    void ascentDirectionIsRejected() {
        LineFunction line = lineFunction((x, gradient) -> square(x, gradient, -1), 0);

        LineSearchResult result = HagerZhangLineSearch.builder().build().search(line, 1);

        assertEquals(LineSearchStatus.NOT_DESCENT_DIRECTION, result.status());
        assertEquals(0, result.evaluations());
    }

    @Test
    void nonFiniteTrialShrinksStep() {
        // NaN beyond x = 1.2: the trial at 4 fails, then bisection of [0, 4] tries 2 and then 1.
        LineFunction line = lineFunction(TestFunctions::nanBeyond, 0);

        LineSearchResult result = HagerZhangLineSearch.builder().build().search(line, 4);

        assertEquals(LineSearchStatus.SUCCESS, result.status());
        assertEquals(1, result.trial().step());
        assertEquals(3, result.evaluations());
    }

    @Test
    void onlyNonFiniteTrialsGiveNonFiniteStatus() {
        LineFunction line = lineFunction(TestFunctions::finiteOnlyAtZero, 0);
        HagerZhangLineSearch search = HagerZhangLineSearch.builder().optMaxEvaluations(12).build();

        LineSearchResult result = search.search(line, 1);

        assertEquals(LineSearchStatus.NON_FINITE, result.status());
        assertEquals(12, result.evaluations());
        assertEquals(0, result.trial().step());
        assertTrue(result.trial().isFinite());
    }

    @Test
    void builderRejectsParametersOutOfRange() {
        IllegalArgumentException delta =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> HagerZhangLineSearch.builder().optSufficientDecrease(0.5).build());
        IllegalArgumentException sigma =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> HagerZhangLineSearch.builder().optCurvature(0.05).build());
        IllegalArgumentException epsilon =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                HagerZhangLineSearch.builder()
                                        .optApproximateWolfeTolerance(-1)
                                        .build());
        IllegalArgumentException rho =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> HagerZhangLineSearch.builder().optExpansion(1).build());

        assertTrue(delta.getMessage().contains("but is 0.5"), delta.getMessage());
        assertTrue(sigma.getMessage().contains("but is 0.05"), sigma.getMessage());
        assertTrue(epsilon.getMessage().contains("but is -1.0"), epsilon.getMessage());
        assertTrue(rho.getMessage().contains("but is 1.0"), rho.getMessage());
    }
}
