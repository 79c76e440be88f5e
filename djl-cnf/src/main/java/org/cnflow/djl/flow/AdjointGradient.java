// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.cnflow.djl.EngineArrays;
import org.cnflow.djl.ode.ErrorNorm;
import org.cnflow.djl.ode.OdeFunction;
import org.cnflow.djl.ode.OdeSolution;
import org.cnflow.djl.ode.OdeSolver;

/**
 * Gradients by the adjoint method (Chen et al. 2018, "Neural ordinary differential equations").
 *
 * <p>The augmented dynamics {@code g = [f, tr J, ‖f‖², ‖J ε‖²]} depend on the state only through
 * {@code z}, so the adjoints of the integrals are the constants {@code ∂L/∂·(t1)} and the backward
 * system is
 *
 * <pre>
 * dz/dt = f,   da_z/dt = -∂S/∂z,   da_θ/dt = -∂S/∂θ,
 * S = Σ_n [a_z · f + c_tr tr J + c_K ‖f‖² + c_J ‖J ε‖²]
 * </pre>
 *
 * <p>solved from {@code t1} to {@code t0} with {@code a_z(t1) = -∇ log p_base(z(t1)) / N} and
 * {@code a_θ(t1) = 0}; then {@code a_θ(t0)} is the gradient. The state, its adjoint and the
 * parameter gradient travel as one flat vector, error-controlled as a whole.
 *
 * <p>With forward-mode traces, {@code S} is an ordinary expression and one first-order backward
 * pass gives both derivatives. For any other block, {@code ∂(vᵀ J v)/∂(z, θ)} is second order; it
 * is taken as a central difference of first-order vector–Jacobian products along {@code v}: {@code
 * [∇(vᵀ f)(z + h v) − ∇(vᵀ f)(z − h v)] / 2h}, with {@code h = ε_mach^(1/3)}, one pair per probe
 * (Hutchinson) or per basis direction (exact trace).
 */
final class AdjointGradient {

    private AdjointGradient() {}

    static LossEvaluation compute(FfjordBlock block, NDArray x, long seed) {
        List<Parameter> parameters = ParameterGradients.trainable(block.getVectorField());
        try (NDManager scope = x.getManager().newSubManager();
                GradMode grad = GradMode.disabled()) {
            FfjordBlock.ForwardSolve solve =
                    block.solveForward(scope, new ParameterStore(scope, false), x, seed, true);
            long rows = x.getShape().get(0);
            int dimension = block.getDimension();
            long pointValues = rows * dimension;

            NDArray latent = solve.latent();
            NDArray latentAdjoint =
                    block.getBaseDistribution().logDensityGradient(latent).div(-rows);
            long parameterCount = 0;
            for (Parameter parameter : parameters) {
                parameterCount += parameter.getArray().size();
            }
            NDArray start =
                    NDArrays.concat(
                            new NDList(
                                    latent.flatten(),
                                    latentAdjoint.flatten(),
                                    scope.zeros(new Shape(parameterCount), x.getDataType())));

            Coefficients coefficients =
                    new Coefficients(
                            -1.0 / rows,
                            solve.kineticEnergy() != null ? block.getKineticWeight() / rows : 0,
                            solve.jacobianNorm() != null ? block.getJacobianWeight() / rows : 0);
            NDArray probe = solve.probe();
            OdeFunction dynamics =
                    (t, state) -> {
                        NDList parts = state.split(new long[] {pointValues, 2 * pointValues});
                        NDArray z = parts.get(0).reshape(rows, dimension);
                        NDArray adjoint = parts.get(1).reshape(rows, dimension);
                        NDList terms =
                                block.getTracePath() == TracePath.FORWARD_MODE
                                        ? forwardModeTerms(
                                                block,
                                                parameters,
                                                z,
                                                adjoint,
                                                t,
                                                probe,
                                                coefficients)
                                        : autogradTerms(
                                                block,
                                                parameters,
                                                z,
                                                adjoint,
                                                t,
                                                probe,
                                                coefficients);
                        return NDArrays.concat(
                                new NDList(
                                        terms.get(0).flatten(),
                                        terms.get(1).neg().flatten(),
                                        terms.get(2).neg()));
                    };
            OdeSolver adjointSolver =
                    block.getSolver().toBuilder()
                            .optErrorColumns(0)
                            .optErrorNorm(ErrorNorm.WHOLE_STATE)
                            .build();
            OdeSolution solution =
                    adjointSolver.solve(dynamics, start, block.getEndTime(), block.getStartTime());
            NDArray gradient = solution.getFinalState().get(2 * pointValues + ":");
            ParameterGradients.assign(parameters, gradient);
            return solve.lossEvaluation(
                    block.getKineticWeight(), block.getJacobianWeight(), solution.getStats());
        }
    }

    /** The adjoints of the integrated quantities, constant in time. */
    private record Coefficients(double trace, double kinetic, double jacobian) {}

    /** Returns {@code [f, ∂S/∂z, ∂S/∂θ (flat)]} by one backward pass through the tangents. */
    private static NDList forwardModeTerms(
            FfjordBlock block,
            List<Parameter> parameters,
            NDArray z,
            NDArray adjoint,
            double t,
            NDArray probe,
            Coefficients coefficients) {
        NDManager manager = z.getManager();
        try (GradMode grad = GradMode.enabled()) {
            NDArray leaf = z.duplicate();
            leaf.setRequiresGradient(true);
            LeafParameterStore store = new LeafParameterStore(manager);
            FieldEvaluation evaluation =
                    block.evaluator().evaluate(store, leaf, t, probe, coefficients.jacobian() != 0);
            NDArray value = evaluation.value();
            NDArray objective =
                    adjoint.mul(value)
                            .sum()
                            .add(
                                    EngineArrays.scale(
                                            evaluation.trace().sum(), coefficients.trace()));
            if (coefficients.kinetic() != 0) {
                objective =
                        objective.add(
                                EngineArrays.scale(value.square().sum(), coefficients.kinetic()));
            }
            if (coefficients.jacobian() != 0) {
                objective =
                        objective.add(
                                EngineArrays.scale(
                                        evaluation.jacobianSquaredNorm().sum(),
                                        coefficients.jacobian()));
            }
            JniUtils.backward(
                    (PtNDArray) objective, (PtNDArray) objective.onesLike(), false, false);
            return new NDList(
                    value.stopGradient(), leaf.getGradient(), store.flatGradient(parameters));
        }
    }

    /**
     * Returns {@code [f, ∂S/∂z, ∂S/∂θ (flat)]} for any block: the value terms by one backward pass,
     * the trace term by central differences of first-order vector–Jacobian products.
     */
    private static NDList autogradTerms(
            FfjordBlock block,
            List<Parameter> parameters,
            NDArray z,
            NDArray adjoint,
            double t,
            NDArray probe,
            Coefficients coefficients) {
        AutogradEvaluator evaluator = (AutogradEvaluator) block.evaluator();
        NDArray value;
        NDArray pointGradient;
        NDArray parameterGradient;
        try (GradMode grad = GradMode.enabled()) {
            NDArray leaf = z.duplicate();
            leaf.setRequiresGradient(true);
            LeafParameterStore store = new LeafParameterStore(z.getManager());
            NDArray output = evaluator.forward(store, leaf, t);
            NDArray objective = adjoint.mul(output).sum();
            if (coefficients.kinetic() != 0) {
                objective =
                        objective.add(
                                EngineArrays.scale(output.square().sum(), coefficients.kinetic()));
            }
            JniUtils.backward(
                    (PtNDArray) objective, (PtNDArray) objective.onesLike(), false, false);
            value = output.stopGradient();
            pointGradient = leaf.getGradient();
            parameterGradient = store.flatGradient(parameters);
        }

        int dimension = block.getDimension();
        int directions = probe != null ? 1 : dimension;
        double step = StrictMath.cbrt(machineEpsilon(z.getDataType()));
        double scale = coefficients.trace() / (2 * step);
        for (int k = 0; k < directions; k++) {
            NDArray direction = probe != null ? probe : AutogradEvaluator.basisDirection(z, k);
            NDList plus =
                    vectorJacobianProduct(
                            evaluator, parameters, z.add(direction.mul(step)), direction, t);
            NDList minus =
                    vectorJacobianProduct(
                            evaluator, parameters, z.sub(direction.mul(step)), direction, t);
            pointGradient = pointGradient.add(plus.get(0).sub(minus.get(0)).mul(scale));
            parameterGradient = parameterGradient.add(plus.get(1).sub(minus.get(1)).mul(scale));
        }
        return new NDList(value, pointGradient, parameterGradient);
    }

    /** Returns {@code [∂(vᵀ f)/∂z, ∂(vᵀ f)/∂θ (flat)]} at {@code z} by one backward pass. */
    private static NDList vectorJacobianProduct(
            AutogradEvaluator evaluator,
            List<Parameter> parameters,
            NDArray z,
            NDArray direction,
            double t) {
        try (GradMode grad = GradMode.enabled()) {
            NDArray leaf = z.duplicate();
            leaf.setRequiresGradient(true);
            LeafParameterStore store = new LeafParameterStore(z.getManager());
            NDArray output = evaluator.forward(store, leaf, t);
            JniUtils.backward((PtNDArray) output, (PtNDArray) direction, false, false);
            return new NDList(leaf.getGradient(), store.flatGradient(parameters));
        }
    }

    private static double machineEpsilon(DataType type) {
        return type == DataType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0);
    }
}
