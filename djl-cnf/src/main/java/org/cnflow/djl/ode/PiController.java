// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

/**
 * Proportional–integral step-size controller in the form used by OrdinaryDiffEq.jl.
 *
 * <p>With the scaled error {@code EEst} of the current step and {@code EEst_old} of the last
 * accepted one, the step-size quotient is {@code q = clamp(EEst^β1 / EEst_old^β2 / γ, 1/qmax,
 * 1/qmin)} and the next step is {@code dt / q}. A rejected step shrinks by {@code min(1/qmin,
 * EEst^β1 / γ)}. For a method of order 5 the defaults are {@code β1 = 7/50}, {@code β2 = 2/25},
 * {@code γ = 0.9}, {@code qmin = 0.2}, {@code qmax = 10}, and {@code EEst_old} starts at {@code
 * 1e-4}.
 *
 * <p>Instances are immutable; the error memory lives in each solve. Powers use {@link StrictMath},
 * whose results do not change when the JIT compiles the caller, so step sizes, and the training
 * trajectories built on them, repeat exactly from run to run.
 */
public final class PiController {

    private static final double MIN_ERROR = 1e-4;

    private final double beta1;
    private final double beta2;
    private final double safety;
    private final double qmin;
    private final double qmax;

    /**
     * Constructs a controller.
     *
     * @param beta1 the exponent of the current error
     * @param beta2 the exponent of the previous accepted error
     * @param safety the safety factor γ, in (0, 1]
     * @param qmin the smallest factor a step may shrink by, in (0, 1)
     * @param qmax the largest factor a step may grow by, greater than 1
     */
    public PiController(double beta1, double beta2, double safety, double qmin, double qmax) {
        if (!(beta1 > 0) || !(beta2 >= 0) || !Double.isFinite(beta1) || !Double.isFinite(beta2)) {
            throw new IllegalArgumentException(
                    "beta1 must be positive and beta2 non-negative, got beta1 = "
                            + beta1
                            + ", beta2 = "
                            + beta2);
        }
        if (!(safety > 0 && safety <= 1)) {
            throw new IllegalArgumentException("safety must lie in (0, 1], got " + safety);
        }
        if (!(qmin > 0 && qmin < 1) || !(qmax > 1) || !Double.isFinite(qmax)) {
            throw new IllegalArgumentException(
                    "qmin must lie in (0, 1) and qmax be a finite number above 1, got qmin = "
                            + qmin
                            + ", qmax = "
                            + qmax);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.safety = safety;
        this.qmin = qmin;
        this.qmax = qmax;
    }

    /**
     * Returns OrdinaryDiffEq.jl's default controller for a method of the given order.
     *
     * @param order the order of the propagated solution
     * @return a controller with {@code β1 = 7/(10 order)} and {@code β2 = 2/(5 order)}
     */
    public static PiController forOrder(int order) {
        return new PiController(7.0 / (10 * order), 2.0 / (5 * order), 0.9, 0.2, 10);
    }

    /** Returns the error memory a solve starts with. */
    double initialErrorMemory() {
        return MIN_ERROR;
    }

    /**
     * Returns the step size after an accepted step.
     *
     * @param stepSize the accepted step size
     * @param error the accepted step's scaled error, at most 1
     * @param previousError the last accepted step's scaled error
     * @return the next step size, with the sign of {@code stepSize}
     */
    double acceptedStepSize(double stepSize, double error, double previousError) {
        double q;
        if (error == 0) {
            q = 1 / qmax;
        } else {
            q = StrictMath.pow(error, beta1) / StrictMath.pow(previousError, beta2) / safety;
            q = Math.min(1 / qmin, Math.max(1 / qmax, q));
        }
        return stepSize / q;
    }

    /**
     * Returns the error memory after an accepted step.
     *
     * @param error the accepted step's scaled error
     * @return the value of {@code EEst_old} for the next step
     */
    double errorMemory(double error) {
        return Math.max(error, MIN_ERROR);
    }

    /**
     * Returns the step size to retry after a rejected step.
     *
     * @param stepSize the rejected step size
     * @param error the rejected step's scaled error, above 1
     * @return the smaller step size, with the sign of {@code stepSize}
     */
    double rejectedStepSize(double stepSize, double error) {
        return stepSize / Math.min(1 / qmin, StrictMath.pow(error, beta1) / safety);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "PiController(beta1="
                + beta1
                + ", beta2="
                + beta2
                + ", safety="
                + safety
                + ", qmin="
                + qmin
                + ", qmax="
                + qmax
                + ")";
    }
}
