// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * Autonomous test problems of the solver suite on the time span [0, 10], each as a DJL field, as a
 * Hipparchus equation, and with its exact or reference solution.
 *
 * <p>A state keeps the problem's components on its last axis, so each field also accepts a batch of
 * shape (N, d).
 */
enum TestProblem {

    /** Exponential decay {@code y' = -y} from {@code y(0) = 1}, solved by {@code exp(-t)}. */
    EXPONENTIAL_DECAY(1) {
        @Override
        NDArray derivative(NDArray y) {
            return y.neg();
        }

        @Override
        double[] derivative(double[] y) {
            return new double[] {-y[0]};
        }

        @Override
        double[] solution(double t) {
            return new double[] {Math.exp(-t)};
        }
    },

    /**
     * Harmonic oscillator {@code y'' = -y} as the state {@code (y, y')} from (1, 0), solved by
     * {@code (cos t, -sin t)}.
     */
    OSCILLATOR(1, 0) {
        @Override
        NDArray derivative(NDArray y) {
            NDList components = splitComponents(y);
            NDArray position = components.get(0);
            NDArray velocity = components.get(1);
            return NDArrays.concat(new NDList(velocity, position.neg()), lastAxis(y));
        }

        @Override
        double[] derivative(double[] y) {
            return new double[] {y[1], -y[0]};
        }

        @Override
        double[] solution(double t) {
            return new double[] {Math.cos(t), -Math.sin(t)};
        }
    },

    /**
     * Lotka–Volterra equations {@code x' = 1.5x - xy}, {@code y' = -3y + xy} from (1, 1). They have
     * no closed-form solution, so {@link #reference} provides the expected values.
     */
    LOTKA_VOLTERRA(1, 1) {
        @Override
        NDArray derivative(NDArray y) {
            NDList components = splitComponents(y);
            NDArray prey = components.get(0);
            NDArray predators = components.get(1);
            NDArray encounters = prey.mul(predators);
            NDArray preyRate = prey.mul(1.5).sub(encounters);
            NDArray predatorRate = encounters.sub(predators.mul(3));
            return NDArrays.concat(new NDList(preyRate, predatorRate), lastAxis(y));
        }

        @Override
        double[] derivative(double[] y) {
            double encounters = y[0] * y[1];
            return new double[] {1.5 * y[0] - encounters, -3 * y[1] + encounters};
        }
    };

    /** Start of every problem's time span. */
    static final double START = 0;

    /** End of every problem's time span. */
    static final double END = 10;

    /**
     * Tolerance of the Hipparchus reference solve. On Lotka–Volterra its state at t = 10 agrees
     * with a solve at 1e-15 to about 2e-13 (Hipparchus 4.0.1), below every error the suite fits.
     */
    static final double REFERENCE_TOLERANCE = 1e-13;

    private final double[] initialValue;

    TestProblem(double... initialValue) {
        this.initialValue = initialValue;
    }

    /**
     * Computes the derivative of a state whose last axis contains the components.
     *
     * @param y a state of shape (d) or (N, d)
     * @return the derivative, of the shape and data type of {@code y}
     */
    abstract NDArray derivative(NDArray y);

    /**
     * Computes the derivative of one state in plain Java, for Hipparchus.
     *
     * @param y the d components
     * @return the derivative's d components
     */
    abstract double[] derivative(double[] y);

    /**
     * Returns the exact solution, or the reference solution where there is no closed form.
     *
     * @param t a time in [START, END]
     * @return the components at {@code t}
     */
    double[] solution(double t) {
        return reference(initialValue, START, t);
    }

    /**
     * Returns the solutions at increasing times, integrating the reference from one time to the
     * next where there is no closed form.
     *
     * @param times increasing times in [START, END]
     * @return one row of components per time
     */
    double[][] solutions(double[] times) {
        double[][] values = new double[times.length][];
        double previousTime = START;
        double[] previousValue = initialValue();
        for (int i = 0; i < times.length; i++) {
            values[i] =
                    this == LOTKA_VOLTERRA
                            ? reference(previousValue, previousTime, times[i])
                            : solution(times[i]);
            previousTime = times[i];
            previousValue = values[i];
        }
        return values;
    }

    /**
     * Solves the problem from any initial value with Hipparchus' 8th-order Dormand–Prince
     * integrator at {@link #REFERENCE_TOLERANCE}.
     *
     * @param y0 the components at {@code t0}
     * @param t0 the initial time
     * @param t the end time
     * @return the components at {@code t}
     */
    double[] reference(double[] y0, double t0, double t) {
        if (t == t0) {
            return y0.clone();
        }
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(
                        1e-12, END - START, REFERENCE_TOLERANCE, REFERENCE_TOLERANCE);
        return integrator.integrate(equation(), new ODEState(t0, y0), t).getPrimaryState();
    }

    /** Returns a copy of the initial components. */
    double[] initialValue() {
        return initialValue.clone();
    }

    /** Returns the number of components. */
    int dimension() {
        return initialValue.length;
    }

    /** Creates the float64 initial state of shape (d) on {@code manager}. */
    NDArray initialState(NDManager manager) {
        return manager.create(initialValue);
    }

    /** Returns the field as the solver's right-hand side. */
    OdeFunction field() {
        return (t, y) -> derivative(y);
    }

    /** Returns the problem as a Hipparchus equation. */
    OrdinaryDifferentialEquation equation() {
        return new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return dimension();
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                return derivative(y);
            }
        };
    }

    /**
     * Returns the maximum absolute difference between a state and expected components.
     *
     * @param state a float32 or float64 state of shape (d)
     * @param expected the d expected components
     * @return the largest absolute error over the components
     */
    static double maxAbsoluteError(NDArray state, double[] expected) {
        return maxAbsoluteError(toDoubles(state), expected);
    }

    /** Returns the maximum absolute difference between two arrays of one length. */
    static double maxAbsoluteError(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(
                    "Lengths differ: " + actual.length + " and " + expected.length);
        }
        double largest = 0;
        for (int i = 0; i < actual.length; i++) {
            largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
        }
        return largest;
    }

    /** Copies a float32 or float64 array to a Java array of doubles. */
    static double[] toDoubles(NDArray array) {
        DataType type = array.getDataType();
        if (type == DataType.FLOAT64) {
            return array.toDoubleArray();
        }
        if (type != DataType.FLOAT32) {
            throw new IllegalArgumentException("Expected a float32 or float64 array, got " + type);
        }
        float[] single = array.toFloatArray();
        double[] values = new double[single.length];
        for (int i = 0; i < single.length; i++) {
            values[i] = single[i];
        }
        return values;
    }

    private static int lastAxis(NDArray y) {
        return y.getShape().dimension() - 1;
    }

    /** Splits a state into its two components, keeping the last axis of length 1. */
    private static NDList splitComponents(NDArray y) {
        // NOTE: PtNDArray.split in DJL 0.36.0 rejects axis -1, so the axis is given explicitly.
        return y.split(2, lastAxis(y));
    }
}
