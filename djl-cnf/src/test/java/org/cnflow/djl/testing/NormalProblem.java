// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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

    private static double[] doubles(JsonObject json, String key) {
        var array = json.getAsJsonArray(key);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }
}
