// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LbfgsTest {

    static Stream<Arguments> lineSearches() {
        return Stream.of(
                Arguments.of("More-Thuente", MoreThuenteLineSearch.builder().build()),
                Arguments.of("Hager-Zhang", HagerZhangLineSearch.builder().build()));
    }

    /**
     * Observed with the default settings: 38 iterations (46 evaluations) with Moré–Thuente and 41
     * iterations (56 evaluations) with Hager–Zhang.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void rosenbrock2dConverges(String name, LineSearch lineSearch) {
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});

        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status(), result.message());
        assertArrayEquals(new double[] {1, 1}, result.point(), 1e-6);
        assertTrue(result.iterations() < 60, "iterations " + result.iterations());
    }

    /**
     * Observed with the default settings: 38 iterations (46 evaluations) with Moré–Thuente and 45
     * iterations (63 evaluations) with Hager–Zhang.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void extendedRosenbrock10dConverges(String name, LineSearch lineSearch) {
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).build();

        LbfgsResult result =
                lbfgs.minimize(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(10));

        double[] ones = new double[10];
        Arrays.fill(ones, 1);
        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status(), result.message());
        assertArrayEquals(ones, result.point(), 1e-6);
        assertTrue(result.iterations() < 70, "iterations " + result.iterations());
    }

    /**
     * Solves a 20-dimensional quadratic with condition number 1e4 to ‖∇f‖∞ ≤ 1e-5.
     *
     * <p>With the smallest eigenvalue 1, ‖x − A⁻¹b‖₂ ≤ ‖∇f‖₂ ≤ √20 · 1e-5. The tolerance is 1e-5
     * because at f ≈ −1.7 the Moré–Thuente sufficient decrease test stops resolving decreases at
     * ‖∇f‖∞ ≈ 5e-6. Observed: 419 iterations with Moré–Thuente and 401 with Hager–Zhang. Ten
     * correction pairs capture little of a spectrum spread evenly over 20 eigenvalues: SciPy 1.17's
     * L-BFGS-B with m = 10 took 407 to 474 iterations on three random matrices with this spectrum.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void illConditionedQuadraticReachesSolution(String name, LineSearch lineSearch) {
        TestFunctions.Quadratic quadratic = new TestFunctions.Quadratic(20, 1e4, 42);
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).optGradientTolerance(1e-5).build();

        LbfgsResult result = lbfgs.minimize(quadratic, new double[20]);

        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status(), result.message());
        assertArrayEquals(quadratic.minimizer, result.point(), Math.sqrt(20) * 1e-5);
    }

    /**
     * The approximate Wolfe conditions keep the Hager–Zhang search working where rounding hides the
     * decrease, so it reaches ‖∇f‖∞ ≤ 1e-8 and ‖x − A⁻¹b‖₂ ≤ √20 · 1e-8.
     */
    @Test
    void hagerZhangReachesTightGradientTolerance() {
        TestFunctions.Quadratic quadratic = new TestFunctions.Quadratic(20, 1e4, 42);
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(HagerZhangLineSearch.builder().build()).build();

        LbfgsResult result = lbfgs.minimize(quadratic, new double[20]);

        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status(), result.message());
        assertArrayEquals(quadratic.minimizer, result.point(), Math.sqrt(20) * 1e-8);
    }

    @Test
    void failedLineSearchKeepsBestPoint() {
        // Moré–Thuente cannot reach 1e-8 here, so its last search fails on rounding noise.
        TestFunctions.Quadratic quadratic = new TestFunctions.Quadratic(20, 1e4, 42);
        Lbfgs lbfgs = Lbfgs.builder().optGradientTolerance(1e-8).build();

        LbfgsResult result = lbfgs.minimize(quadratic, new double[20]);

        assertEquals(LbfgsStatus.LINE_SEARCH_FAILED, result.status(), result.message());
        for (IterationRecord record : result.history()) {
            assertTrue(result.value() <= record.value(), record.toString());
        }
        double[] gradient = new double[20];
        assertEquals(quadratic.evaluate(result.point(), gradient), result.value());
        assertArrayEquals(gradient, result.gradient());
        assertArrayEquals(quadratic.minimizer, result.point(), 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void nanBeyondRadiusIsNeverAccepted(String name, LineSearch lineSearch) {
        // f = (x − 0.5)² + 10(y − 0.3)² is NaN outside the disc of radius 0.8. From the origin the
        // first trial lies at distance 1, outside the disc.
        AtomicInteger nanCalls = new AtomicInteger();
        DifferentiableFunction function =
                (x, gradient) -> {
                    if (x[0] * x[0] + x[1] * x[1] > 0.64) {
                        nanCalls.incrementAndGet();
                        gradient[0] = Double.NaN;
                        gradient[1] = Double.NaN;
                        return Double.NaN;
                    }
                    gradient[0] = 2 * (x[0] - 0.5);
                    gradient[1] = 20 * (x[1] - 0.3);
                    return (x[0] - 0.5) * (x[0] - 0.5) + 10 * (x[1] - 0.3) * (x[1] - 0.3);
                };
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).build();

        LbfgsResult result = lbfgs.minimize(function, new double[] {0, 0});

        assertTrue(nanCalls.get() > 0, "the test never reached the NaN region");
        for (IterationRecord record : result.history()) {
            assertTrue(Double.isFinite(record.value()), record.toString());
            assertTrue(Double.isFinite(record.gradientNorm()), record.toString());
        }
        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status(), result.message());
        assertArrayEquals(new double[] {0.5, 0.3}, result.point(), 1e-8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void nanEverywhereButStartStopsWithNonFinite(String name, LineSearch lineSearch) {
        double[] start = {1, 2};
        DifferentiableFunction function =
                (x, gradient) -> {
                    if (x[0] != 1 || x[1] != 2) {
                        gradient[0] = Double.NaN;
                        gradient[1] = Double.NaN;
                        return Double.NaN;
                    }
                    gradient[0] = 1;
                    gradient[1] = 1;
                    return 5;
                };
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).build();

        LbfgsResult result = lbfgs.minimize(function, start);

        assertEquals(LbfgsStatus.NON_FINITE, result.status(), result.message());
        assertEquals(0, result.iterations());
        assertArrayEquals(start, result.point());
        assertEquals(5, result.value());
        assertEquals(1, result.history().size());
    }

    @Test
    void nonFiniteInitialValueStopsAtOnce() {
        LbfgsResult result =
                Lbfgs.builder()
                        .build()
                        .minimize((x, gradient) -> Double.POSITIVE_INFINITY, new double[] {1});

        assertEquals(LbfgsStatus.NON_FINITE, result.status());
        assertEquals(1, result.evaluations());
        assertEquals(0, result.iterations());
        assertTrue(result.message().contains("Infinity"), result.message());
    }

    @Test
    void functionIncreaseIsRejectedWhenNotAllowed() {
        // Hager–Zhang accepts x = 1, where f is 0.5 higher than at the start.
        Lbfgs lbfgs =
                Lbfgs.builder()
                        .optLineSearch(HagerZhangLineSearch.builder().build())
                        .optAllowFunctionIncreases(false)
                        .build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::risingShoulder, new double[] {0});

        assertEquals(LbfgsStatus.FUNCTION_INCREASED, result.status(), result.message());
        assertEquals(0, result.iterations());
        assertArrayEquals(new double[] {0}, result.point());
        assertEquals(TestFunctions.SHOULDER_OFFSET, result.value());
        assertEquals(2, result.evaluations());
    }

    @Test
    void functionIncreaseIsFollowedWhenAllowed() {
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(HagerZhangLineSearch.builder().build()).build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::risingShoulder, new double[] {0});

        List<IterationRecord> history = result.history();
        assertTrue(history.get(1).value() > history.get(0).value(), history.toString());
        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status(), result.message());
        assertTrue(result.value() < result.initialValue());
        assertEquals(0.1545, result.point()[0], 1e-4);
    }

    @Test
    void maxIterationsStopsRun() {
        Lbfgs lbfgs = Lbfgs.builder().optMaxIterations(5).build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});

        assertEquals(LbfgsStatus.MAX_ITERATIONS, result.status());
        assertEquals(5, result.iterations());
        assertEquals(6, result.history().size());
    }

    @Test
    void gradientToleranceAtStartNeedsNoIteration() {
        LbfgsResult result =
                Lbfgs.builder().build().minimize(TestFunctions::rosenbrock, new double[] {1, 1});

        assertEquals(LbfgsStatus.GRADIENT_TOLERANCE, result.status());
        assertEquals(0, result.iterations());
        assertEquals(1, result.evaluations());
    }

    @Test
    void functionToleranceStopsRun() {
        // The quadratic's minimum is about −1.7, so relative changes of f become small.
        TestFunctions.Quadratic quadratic = new TestFunctions.Quadratic(20, 1e4, 42);
        Lbfgs lbfgs = Lbfgs.builder().optFunctionTolerance(1e-3).build();

        LbfgsResult result = lbfgs.minimize(quadratic, new double[20]);

        List<IterationRecord> history = result.history();
        double previous = history.get(history.size() - 2).value();
        double last = history.get(history.size() - 1).value();
        assertEquals(LbfgsStatus.FUNCTION_TOLERANCE, result.status(), result.message());
        assertTrue(
                Math.abs(previous - last) <= 1e-3 * Math.max(Math.abs(previous), Math.abs(last)));
    }

    @Test
    void xToleranceStopsRun() {
        Lbfgs lbfgs = Lbfgs.builder().optXTolerance(1e-4).build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});

        assertEquals(LbfgsStatus.X_TOLERANCE, result.status(), result.message());
        assertArrayEquals(new double[] {1, 1}, result.point(), 1e-3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void evaluationsMatchObjectiveCalls(String name, LineSearch lineSearch) {
        AtomicInteger calls = new AtomicInteger();
        DifferentiableFunction counted =
                (x, gradient) -> {
                    calls.incrementAndGet();
                    return TestFunctions.rosenbrock(x, gradient);
                };
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).build();

        LbfgsResult result = lbfgs.minimize(counted, TestFunctions.rosenbrockStart(10));

        List<IterationRecord> history = result.history();
        assertEquals(calls.get(), result.evaluations());
        assertEquals(calls.get(), history.get(history.size() - 1).evaluations());
        assertEquals(1, history.get(0).evaluations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineSearches")
    void repeatedRunsGiveIdenticalHistories(String name, LineSearch lineSearch) {
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(lineSearch).build();

        LbfgsResult first = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});
        LbfgsResult second = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});

        // Everything but the wall-clock time must match bit for bit.
        assertEquals(first.history().size(), second.history().size());
        for (int i = 0; i < first.history().size(); i++) {
            IterationRecord a = first.history().get(i);
            IterationRecord b = second.history().get(i);
            assertEquals(a.iteration(), b.iteration());
            assertEquals(a.value(), b.value());
            assertEquals(a.gradientNorm(), b.gradientNorm());
            assertEquals(a.evaluations(), b.evaluations());
        }
        assertArrayEquals(first.point(), second.point());
    }

    @Test
    void listenerCanStopRun() {
        List<IterationRecord> seen = new ArrayList<>();
        Lbfgs lbfgs =
                Lbfgs.builder()
                        .optIterationListener(
                                record -> {
                                    seen.add(record);
                                    return record.iteration() < 3;
                                })
                        .build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});

        assertEquals(LbfgsStatus.STOPPED_BY_LISTENER, result.status());
        assertEquals(3, result.iterations());
        assertEquals(result.history(), seen);
    }

    @Test
    void customLineSearchIncreaseIsRejected() {
        // A line search that always returns the unit step, whatever happens to f.
        LineSearch unitStep =
                (function, initialStep) -> {
                    LineFunction.Trial trial = function.evaluate(1);
                    return new LineSearchResult(LineSearchStatus.SUCCESS, trial, 1);
                };
        Lbfgs lbfgs =
                Lbfgs.builder()
                        .optLineSearch(unitStep)
                        .optAllowFunctionIncreases(false)
                        .optMaxIterations(50)
                        .build();

        LbfgsResult result = lbfgs.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});

        List<IterationRecord> history = result.history();
        assertEquals(LbfgsStatus.FUNCTION_INCREASED, result.status(), result.message());
        for (int i = 1; i < history.size(); i++) {
            assertTrue(history.get(i).value() <= history.get(i - 1).value(), history.toString());
        }
        assertEquals(history.get(history.size() - 1).value(), result.value());
    }

    @Test
    void invalidInitialPointIsRejected() {
        Lbfgs lbfgs = Lbfgs.builder().build();

        IllegalArgumentException empty =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> lbfgs.minimize(TestFunctions::rosenbrock, new double[0]));
        IllegalArgumentException nan =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                lbfgs.minimize(
                                        TestFunctions::rosenbrock, new double[] {1, Double.NaN}));

        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertTrue(nan.getMessage().contains("initialPoint[1] is NaN"), nan.getMessage());
    }

    @Test
    void builderRejectsSettingsOutOfRange() {
        IllegalArgumentException history =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Lbfgs.builder().optHistorySize(0).build());
        IllegalArgumentException iterations =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Lbfgs.builder().optMaxIterations(-1).build());
        IllegalArgumentException tolerance =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Lbfgs.builder().optGradientTolerance(-1e-8).build());
        IllegalArgumentException nanTolerance =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Lbfgs.builder().optFunctionTolerance(Double.NaN).build());

        assertTrue(history.getMessage().contains("historySize"), history.getMessage());
        assertTrue(iterations.getMessage().contains("but is -1"), iterations.getMessage());
        assertTrue(tolerance.getMessage().contains("but is -1.0E-8"), tolerance.getMessage());
        assertTrue(
                nanTolerance.getMessage().contains("functionTolerance"), nanTolerance.getMessage());
    }
}
