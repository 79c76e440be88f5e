// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cnflow.djl.EngineArrays;

/**
 * The array arithmetic of one solve's Runge–Kutta steps, with the tableau's coefficient vectors and
 * the tolerances created once per solve as engine arrays.
 *
 * <p>On small problems a step costs engine calls, not arithmetic. A stage {@code y + dt Σ_j a_ij
 * k_j} stacks the {@code k_j} along a new last axis and contracts them with the cached row {@code
 * a_i}: four calls whatever the stage, where a chain of scaled additions takes three per term.
 * Nothing here creates an array from a Java buffer, which DJL's scalar operations such as {@code
 * mul(double)} do on every call.
 */
final class StepArithmetic {

    private final NDArray[] stageRows;
    private final NDArray weights;
    private final NDArray errorWeights;
    private final NDArray relativeTolerance;
    private final NDArray absoluteTolerance;
    private final NDArray zero;
    private final DataType dataType;

    StepArithmetic(
            NDManager manager,
            ButcherTableau tableau,
            DataType dataType,
            double absoluteTolerance,
            double relativeTolerance) {
        this.dataType = dataType;
        int stages = tableau.getStages();
        stageRows = new NDArray[stages];
        for (int i = 1; i < stages; i++) {
            stageRows[i] = vector(manager, tableau.stageRow(i));
        }
        weights = vector(manager, tableau.weights());
        errorWeights = vector(manager, tableau.errorWeightsInternal());
        this.relativeTolerance = EngineArrays.scalar(manager, relativeTolerance, dataType);
        this.absoluteTolerance = EngineArrays.scalar(manager, absoluteTolerance, dataType);
        zero = EngineArrays.scalar(manager, 0, dataType);
    }

    /**
     * Creates the step size as a scalar array for one step's combinations.
     *
     * @param manager the step's manager
     * @param stepSize the step size
     * @return a scalar array of the state's type
     */
    NDArray stepSizeArray(NDManager manager, double stepSize) {
        return EngineArrays.scalar(manager, stepSize, dataType);
    }

    /** Returns the input of stage {@code i}, {@code y + dt Σ_{j < i} a_ij k_j}. */
    NDArray stage(NDArray y, NDArray stepSize, NDArray[] ks, int i) {
        return y.add(contract(ks, i, stageRows[i]).mul(stepSize));
    }

    /** Returns the propagated solution {@code y + dt Σ b_j k_j}. */
    NDArray newState(NDArray y, NDArray stepSize, NDArray[] ks) {
        return y.add(contract(ks, ks.length, weights).mul(stepSize));
    }

    /** Returns the local error estimate {@code dt Σ e_j k_j}. */
    NDArray error(NDArray stepSize, NDArray[] ks) {
        return contract(ks, ks.length, errorWeights).mul(stepSize);
    }

    /**
     * Computes the scaled error norm {@code ‖err / (abstol + reltol · max(|y|, |yNew|))‖}.
     *
     * <p>A non-finite entry of {@code yNew} makes the result NaN: with a finite error, a state
     * entry of infinity would otherwise give a zero ratio and pass unnoticed.
     *
     * @return the norm, or NaN when the error or the new state contains a non-finite value
     */
    double scaledErrorNorm(NDArray error, NDArray y, NDArray yNew, ErrorNorm norm) {
        NDArray tolerance =
                y.abs().maximum(yNew.abs()).mul(relativeTolerance).add(absoluteTolerance);
        NDArray squared = norm.squaredNorm(error.div(tolerance));
        NDArray finiteGuard = yNew.mul(zero).sum();
        return Math.sqrt(StateAlgebra.scalar(squared.add(finiteGuard)));
    }

    private static NDArray contract(NDArray[] ks, int count, NDArray coefficients) {
        if (count == 1) {
            return ks[0].mul(coefficients.get(0));
        }
        NDList terms = new NDList(count);
        for (int j = 0; j < count; j++) {
            terms.add(ks[j]);
        }
        return NDArrays.stack(terms, -1).matMul(coefficients);
    }

    private NDArray vector(NDManager manager, double[] values) {
        return EngineArrays.create(manager, values, new Shape(values.length), dataType);
    }
}
