// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Reads required fields of the flow description, rejecting missing or mistyped ones. */
final class JsonFields {

    private JsonFields() {}

    static JsonElement required(JsonObject json, String name) {
        JsonElement element = json.get(name);
        if (element == null || element.isJsonNull()) {
            throw new IllegalArgumentException("The field '" + name + "' is missing");
        }
        return element;
    }

    static String string(JsonObject json, String name) {
        JsonElement element = required(json, name);
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(
                    "The field '" + name + "' must be a string, got " + element);
        }
        return element.getAsString();
    }

    static double number(JsonObject json, String name) {
        JsonElement element = required(json, name);
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(
                    "The field '" + name + "' must be a number, got " + element);
        }
        return element.getAsDouble();
    }

    static int integer(JsonObject json, String name) {
        double value = number(json, name);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "The field '" + name + "' must be an integer, got " + value);
        }
        return (int) value;
    }

    static boolean bool(JsonObject json, String name) {
        JsonElement element = required(json, name);
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(
                    "The field '" + name + "' must be true or false, got " + element);
        }
        return element.getAsBoolean();
    }

    static JsonObject object(JsonObject json, String name) {
        JsonElement element = required(json, name);
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException(
                    "The field '" + name + "' must be an object, got " + element);
        }
        return element.getAsJsonObject();
    }

    /** Returns the object in field {@code name}, or null when the field is absent or null. */
    static JsonObject optionalObject(JsonObject json, String name) {
        JsonElement element = json.get(name);
        if (element == null || element.isJsonNull()) {
            return null;
        }
        return object(json, name);
    }

    static double[] doubles(JsonObject json, String name) {
        JsonElement element = required(json, name);
        if (!element.isJsonArray()) {
            throw new IllegalArgumentException(
                    "The field '" + name + "' must be an array of numbers, got " + element);
        }
        JsonArray array = element.getAsJsonArray();
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException(
                        "The field '" + name + "' must hold numbers only, got " + item);
            }
            values[i] = item.getAsDouble();
        }
        return values;
    }

    static JsonArray array(double... values) {
        JsonArray array = new JsonArray();
        for (double value : values) {
            array.add(value);
        }
        return array;
    }
}
