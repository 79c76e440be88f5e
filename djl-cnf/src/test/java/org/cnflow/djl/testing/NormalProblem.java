// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.GradientMode;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.ode.OdeSolver;

/**
 * The fixed 1-D normal problem: 100 samples of Normal(6, 0.7), the initial parameters of the field
 * {@code f(z) = tanh(W2 tanh(W1 z + b1) + b2)} and the loss and gradient a float64 PyTorch
 * implementation computed at rtol 1e-10, atol 1e-12 on the time span (0, 10).
 */
public final class NormalProblem {

    public final double[] samples;
    public final double[] w1;
    public final double[] b1;
    public final double[] w2;
    public final double[] b2;
    public final double loss;
    public final double[] gradient;
    public final double gaussianNll;

    private NormalProblem(JsonObject json) {
        samples = doubles(json, "x_train");
        w1 = doubles(json, "W1");
        b1 = doubles(json, "b1");
        w2 = doubles(json, "W2");
        b2 = doubles(json, "b2");
        loss = json.get("loss_at_init_float64_tight").getAsDouble();
        gradient = doubles(json, "gradient_at_init_float64_tight");
        gaussianNll = json.get("mle_gaussian_train_nll").getAsDouble();
    }

    /**
     * Reads the problem from the test resources.
     *
     * @return the problem
     */
    public static NormalProblem load() {
        try (InputStream stream =
                        NormalProblem.class.getResourceAsStream("/normal-1d-problem.json");
                Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            return new NormalProblem(JsonParser.parseReader(reader).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds the problem's flow, initialized in {@code dataType} with the given initial parameters:
     * field {@code Linear(1→3), tanh, Linear(3→1), tanh} on the time span (0, 10).
     *
     * @param manager the manager of the parameters
     * @param dataType float32 or float64
     * @param solver the solver
     * @param mode the gradient mode
     * @return the initialized flow
     */
    public FfjordBlock flow(
            NDManager manager, DataType dataType, OdeSolver solver, GradientMode mode) {
        Block field =
                FlowMlp.builder()
                        .setInputSize(1)
                        .optHiddenSizes(3)
                        .optActivation(Tanh::new)
                        .optFinalActivation(Tanh::new)
                        .build();
        FfjordBlock flow =
                FfjordBlock.builder()
                        .setVectorField(field)
                        .setDimension(1)
                        .optTimeSpan(0, 10)
                        .optSolver(solver)
                        .optGradientMode(mode)
                        .build();
        flow.initialize(manager, dataType, new Shape(samples.length, 1));
        double[][] initial = {w1, b1, w2, b2};
        int i = 0;
        for (Parameter parameter : field.getParameters().values()) {
            NDArray values = manager.create(initial[i++]).toType(dataType, false);
            parameter.getArray().set(values.toByteBuffer());
            values.close();
        }
        return flow;
    }

    /**
     * Returns the samples as an (N, 1) array.
     *
     * @param manager the manager of the array
     * @param dataType float32 or float64
     * @return the samples
     */
    public NDArray data(NDManager manager, DataType dataType) {
        return manager.create(samples, new Shape(samples.length, 1)).toType(dataType, false);
    }

    private static double[] doubles(JsonObject json, String key) {
        var array = json.getAsJsonArray(key);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }
}
