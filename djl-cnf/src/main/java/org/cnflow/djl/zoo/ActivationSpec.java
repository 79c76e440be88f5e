// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.function.Supplier;
import org.cnflow.djl.nn.Elu;
import org.cnflow.djl.nn.FlowLayer;
import org.cnflow.djl.nn.Sigmoid;
import org.cnflow.djl.nn.Silu;
import org.cnflow.djl.nn.Softplus;
import org.cnflow.djl.nn.Tanh;

/**
 * An activation of an exported vector field, stored in JSON as {@code {"type": "tanh"}} or {@code
 * {"type": "elu", "alpha": 0.5}}.
 *
 * @param type one of {@code tanh}, {@code softplus}, {@code sigmoid}, {@code silu}, {@code elu}
 * @param alpha the ELU's α; ignored by the other types
 */
public record ActivationSpec(String type, float alpha) {

    /**
     * Checks the type.
     *
     * @throws IllegalArgumentException if the type is not one of the supported names
     */
    public ActivationSpec {
        if (!"tanh".equals(type)
                && !"softplus".equals(type)
                && !"sigmoid".equals(type)
                && !"silu".equals(type)
                && !"elu".equals(type)) {
            throw new IllegalArgumentException(
                    "Unknown activation type '"
                            + type
                            + "': expected tanh, softplus, sigmoid, silu or elu");
        }
    }

    /**
     * Describes an activation layer.
     *
     * @param layer a layer of a {@code FlowMlp}
     * @return the description, or null if the layer is not a supported activation
     */
    static ActivationSpec describe(FlowLayer layer) {
        if (layer instanceof Elu elu) {
            return new ActivationSpec("elu", elu.getAlpha());
        }
        if (layer instanceof Tanh
                || layer instanceof Softplus
                || layer instanceof Sigmoid
                || layer instanceof Silu) {
            return new ActivationSpec(layer.getClass().getSimpleName().toLowerCase(Locale.ROOT), 0);
        }
        return null;
    }

    /**
     * Creates a supplier of new activation layers of this type, for {@code FlowMlp.Builder}.
     *
     * @return the supplier
     */
    public Supplier<FlowLayer> toSupplier() {
        return switch (type) {
            case "tanh" -> Tanh::new;
            case "softplus" -> Softplus::new;
            case "sigmoid" -> Sigmoid::new;
            case "silu" -> Silu::new;
            default -> () -> new Elu(alpha);
        };
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        if ("elu".equals(type)) {
            json.addProperty("alpha", alpha);
        }
        return json;
    }

    static ActivationSpec fromJson(JsonObject json) {
        String type = JsonFields.string(json, "type");
        float alpha = json.has("alpha") ? (float) JsonFields.number(json, "alpha") : 1f;
        return new ActivationSpec(type, alpha);
    }
}
