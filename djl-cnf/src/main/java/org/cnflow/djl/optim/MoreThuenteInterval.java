// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.optim;

/**
 * The interval of uncertainty of the Moré–Thuente line search and its trial value selection.
 *
 * <p>The lower endpoint α_l is the step with the lowest value so far, and the upper endpoint α_u is
 * the other end of the interval. Both start at α = 0. {@link #update} follows the updating
 * algorithm and the four cases of trial value selection in Moré and Thuente, "Line search
 * algorithms with guaranteed sufficient decrease", ACM TOMS 20(3), 1994: each case picks a
 * minimizer of a cubic or quadratic interpolant and safeguards it.
 */
final class MoreThuenteInterval {

    /** Case 3 keeps a bracketed trial within this fraction of the way from α_t to α_u. */
    private static final double BRACKETED_FRACTION = 0.66;

    double lowerStep;
    double lowerValue;
    double lowerSlope;
    double upperStep;
    double upperValue;
    double upperSlope;

    /** Whether the interval is known to contain a minimizer. */
    boolean bracketed;

    MoreThuenteInterval(double initialValue, double initialSlope) {
        lowerValue = initialValue;
        lowerSlope = initialSlope;
        upperValue = initialValue;
        upperSlope = initialSlope;
    }

    /**
     * Replaces every endpoint's value φ(α) by φ(α) − c·α and slope φ'(α) by φ'(α) − c.
     *
     * <p>With c = μφ'(0) this turns φ into the auxiliary function ψ of the paper. A shift by −c
     * undoes it.
     */
    void shift(double c) {
        lowerValue -= c * lowerStep;
        lowerSlope -= c;
        upperValue -= c * upperStep;
        upperSlope -= c;
    }

    /**
     * Updates the interval with a trial (α_t, f_t, g_t) and returns the next trial step.
     *
     * <p>While the minimizer is not bracketed, {@code minStep} and {@code maxStep} bound the
     * extrapolation.
     */
    double update(double step, double value, double slope, double minStep, double maxStep) {
        // The slopes have opposite signs when this product is negative.
        double slopeSign = slope * Math.signum(lowerSlope);
        double next;

        if (value > lowerValue) {
            // Case 1: a higher value brackets a minimizer between α_l and α_t. Take the cubic step
            // when it is closer to α_l than the quadratic step, else the mean of the two.
            double cubic = cubicMinimizer(lowerStep, lowerValue, lowerSlope, step, value, slope);
            double quadratic = quadraticMinimizer(lowerStep, lowerValue, lowerSlope, step, value);
            if (Math.abs(cubic - lowerStep) < Math.abs(quadratic - lowerStep)) {
                next = cubic;
            } else {
                next = cubic + 0.5 * (quadratic - cubic);
            }
            bracketed = true;
        } else if (slopeSign < 0) {
            // Case 2: a lower value with a slope of opposite sign brackets a minimizer. Take the
            // step, cubic or secant, that lies farther from α_t.
            double cubic = cubicMinimizer(step, value, slope, lowerStep, lowerValue, lowerSlope);
            double secant = secantStep(step, slope, lowerStep, lowerSlope);
            next = Math.abs(cubic - step) > Math.abs(secant - step) ? cubic : secant;
            bracketed = true;
        } else if (Math.abs(slope) < Math.abs(lowerSlope)) {
            // Case 3: a lower value and a slope of the same sign but smaller magnitude.
            next = decreasingSlopeStep(step, value, slope, minStep, maxStep);
        } else {
            // Case 4: a lower value and a slope of the same sign that does not decrease.
            if (bracketed) {
                next = cubicMinimizer(step, value, slope, upperStep, upperValue, upperSlope);
            } else {
                next = step > lowerStep ? maxStep : minStep;
            }
        }

        if (value > lowerValue) {
            upperStep = step;
            upperValue = value;
            upperSlope = slope;
        } else {
            if (slopeSign < 0) {
                upperStep = lowerStep;
                upperValue = lowerValue;
                upperSlope = lowerSlope;
            }
            lowerStep = step;
            lowerValue = value;
            lowerSlope = slope;
        }
        return next;
    }

    /**
     * Chooses the next step in case 3. The cubic candidate is the minimizer of the cubic through
     * α_l and α_t when that minimizer lies beyond α_t. Otherwise it is the step bound in the
     * direction of the step.
     */
    private double decreasingSlopeStep(
            double step, double value, double slope, double minStep, double maxStep) {
        double theta = 3 * (lowerValue - value) / (step - lowerStep) + lowerSlope + slope;
        double scale = Math.max(Math.abs(theta), Math.max(Math.abs(lowerSlope), Math.abs(slope)));
        // A negative discriminant means that the cubic has no minimizer: clamping it to zero
        // makes the step below run to the bound.
        double discriminant =
                (theta / scale) * (theta / scale) - (lowerSlope / scale) * (slope / scale);
        double gamma = scale * Math.sqrt(Math.max(0, discriminant));
        if (step > lowerStep) {
            gamma = -gamma;
        }
        double p = (gamma - slope) + theta;
        double q = (gamma + (lowerSlope - slope)) + gamma;
        double ratio = p / q;
        double cubic;
        if (ratio < 0 && gamma != 0) {
            cubic = step + ratio * (lowerStep - step);
        } else {
            cubic = step > lowerStep ? maxStep : minStep;
        }
        double secant = secantStep(step, slope, lowerStep, lowerSlope);

        if (bracketed) {
            // Take the step closer to α_t, but stay well inside the interval.
            double next = Math.abs(cubic - step) < Math.abs(secant - step) ? cubic : secant;
            double limit = step + BRACKETED_FRACTION * (upperStep - step);
            return step > lowerStep ? Math.min(limit, next) : Math.max(limit, next);
        }
        // Extrapolate with the step farther from α_t, within the extrapolation bounds.
        double next = Math.abs(cubic - step) > Math.abs(secant - step) ? cubic : secant;
        return Math.max(minStep, Math.min(maxStep, next));
    }

    /**
     * Returns the minimizer of the cubic that interpolates values and slopes at u and v. Scaling by
     * the largest of θ, f'(u) and f'(v) keeps the square root from overflowing.
     */
    private static double cubicMinimizer(
            double u, double valueU, double slopeU, double v, double valueV, double slopeV) {
        double theta = 3 * (valueU - valueV) / (v - u) + slopeU + slopeV;
        double scale = Math.max(Math.abs(theta), Math.max(Math.abs(slopeU), Math.abs(slopeV)));
        double gamma =
                scale
                        * Math.sqrt(
                                (theta / scale) * (theta / scale)
                                        - (slopeU / scale) * (slopeV / scale));
        if (v < u) {
            gamma = -gamma;
        }
        double p = (gamma - slopeU) + theta;
        double q = ((gamma - slopeU) + gamma) + slopeV;
        return u + (p / q) * (v - u);
    }

    /** Returns the minimizer of the quadratic with value and slope at u and value at v. */
    private static double quadraticMinimizer(
            double u, double valueU, double slopeU, double v, double valueV) {
        double secantSlope = (valueU - valueV) / (v - u);
        return u + 0.5 * (slopeU / (secantSlope + slopeU)) * (v - u);
    }

    /** Returns the zero of the line through the slopes at u and v: the secant step. */
    private static double secantStep(double u, double slopeU, double v, double slopeV) {
        return u + (slopeU / (slopeU - slopeV)) * (v - u);
    }
}
