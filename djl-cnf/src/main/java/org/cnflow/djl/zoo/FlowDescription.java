// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cnflow.djl.flow.BaseDistribution;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.HutchinsonNoise;
import org.cnflow.djl.flow.TraceMethod;
import org.cnflow.djl.flow.TracePath;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.ConcatSquashLinear;
import org.cnflow.djl.nn.FlowLayer;
import org.cnflow.djl.nn.FlowLinear;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.FlowSequential;
import org.cnflow.djl.ode.ButcherTableau;
import org.cnflow.djl.ode.ErrorNorm;
import org.cnflow.djl.ode.OdeSolver;

/**
 * Everything needed to rebuild an {@link FfjordBlock} whose vector field is a {@link FlowMlp}: the
 * architecture, time span, solver, trace, standardization, base distribution and data type. It is
 * stored as {@value FlowModelFiles#DESCRIPTION_FILE} next to the parameters.
 *
 * <p>NOTE: {@link OdeSolver} exposes no getters for its step-size controller, first step and
 * step-size bounds, so a rebuilt solver has their defaults. The regularizer weights and the
 * gradient mode only affect training and are not stored.
 *
 * @param dimension the dimension d of the data
 * @param dataType the parameters' data type, float32 or float64
 * @param hiddenSizes the widths of the hidden layers
 * @param activation the activation after each hidden layer
 * @param finalActivation the activation after the output layer, or null
 * @param timeDependent whether the field is {@code f(z, t)}, built from concat-squash layers
 * @param startTime {@code t0}
 * @param endTime {@code t1}
 * @param tableau the Runge–Kutta pair, {@code tsit5} or {@code dopri5}
 * @param absoluteTolerance the solver's absolute tolerance
 * @param relativeTolerance the solver's relative tolerance
 * @param errorNorm the solver's error norm
 * @param maxSteps the solver's step limit
 * @param fixedSteps the number of fixed steps, or 0 for adaptive steps
 * @param errorColumns the error-controlled columns, or 0 for the whole state
 * @param traceMethod exact or Hutchinson
 * @param noise the distribution of Hutchinson's probes
 * @param tracePath forward mode or autograd
 * @param standardization the mean and scale applied before the flow, or null
 * @param baseDistribution the distribution of {@code z(t1)}
 */
public record FlowDescription(
        int dimension,
        DataType dataType,
        long[] hiddenSizes,
        ActivationSpec activation,
        ActivationSpec finalActivation,
        boolean timeDependent,
        double startTime,
        double endTime,
        String tableau,
        double absoluteTolerance,
        double relativeTolerance,
        ErrorNorm errorNorm,
        int maxSteps,
        int fixedSteps,
        int errorColumns,
        TraceMethod traceMethod,
        HutchinsonNoise noise,
        TracePath tracePath,
        Standardization standardization,
        BaseDistribution baseDistribution) {

    /** The version of the JSON layout that {@link #toJson()} writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The mean and scale of an {@link AffineStandardization}.
     *
     * @param mean μ, one value per feature
     * @param scale s, one value per feature
     */
    public record Standardization(double[] mean, double[] scale) {}

    /**
     * Describes an initialized block.
     *
     * @param block a block whose vector field was built by {@link FlowMlp}
     * @return the description
     * @throws IllegalArgumentException if the field is not a {@code FlowMlp} or the block is not
     *     initialized
     */
    public static FlowDescription describe(FfjordBlock block) {
        if (!block.isInitialized()) {
            throw new IllegalArgumentException(
                    "The block is not initialized: train it or call initialize before export");
        }
        Block field = block.getVectorField();
        if (!(field instanceof FlowSequential sequence)) {
            throw new IllegalArgumentException(
                    "Only FlowMlp vector fields can be exported, got "
                            + field.getClass().getName());
        }
        FieldLayout layout = FieldLayout.of(sequence.getLayers(), block.getDimension());
        OdeSolver solver = block.getSolver();
        AffineStandardization affine = block.getStandardization();
        Standardization standardization =
                affine == null ? null : new Standardization(affine.getMean(), affine.getScale());
        return new FlowDescription(
                block.getDimension(),
                layout.dataType,
                layout.hiddenSizes,
                layout.activation,
                layout.finalActivation,
                block.isTimeDependent(),
                block.getStartTime(),
                block.getEndTime(),
                solver.getTableau().getName(),
                solver.getAbsoluteTolerance(),
                solver.getRelativeTolerance(),
                solver.getErrorNorm(),
                solver.getMaxSteps(),
                solver.getFixedSteps(),
                solver.getErrorColumns(),
                block.getTraceMethod(),
                block.getNoise(),
                block.getTracePath(),
                standardization,
                block.getBaseDistribution());
    }

    /**
     * Builds a new, uninitialized block from this description.
     *
     * @return the block, whose parameters still need to be loaded
     * @throws IllegalArgumentException if a setting is invalid
     */
    public FfjordBlock buildBlock() {
        FlowSequential field =
                FlowMlp.builder()
                        .setInputSize(dimension)
                        .optHiddenSizes(hiddenSizes)
                        .optActivation(activation.toSupplier())
                        .optFinalActivation(
                                finalActivation == null ? null : finalActivation.toSupplier())
                        .optTimeDependent(timeDependent)
                        .build();
        ButcherTableau pair =
                switch (tableau) {
                    case "tsit5" -> ButcherTableau.tsit5();
                    case "dopri5" -> ButcherTableau.dormandPrince54();
                    default ->
                            throw new IllegalArgumentException(
                                    "Unknown tableau '" + tableau + "': expected tsit5 or dopri5");
                };
        OdeSolver solver =
                OdeSolver.builder()
                        .optTableau(pair)
                        .optAbsoluteTolerance(absoluteTolerance)
                        .optRelativeTolerance(relativeTolerance)
                        .optErrorNorm(errorNorm)
                        .optMaxSteps(maxSteps)
                        .optFixedSteps(fixedSteps)
                        .optErrorColumns(errorColumns)
                        .build();
        FfjordBlock.Builder builder =
                FfjordBlock.builder()
                        .setVectorField(field)
                        .setDimension(dimension)
                        .optTimeDependent(timeDependent)
                        .optTimeSpan(startTime, endTime)
                        .optSolver(solver)
                        .optTraceMethod(traceMethod)
                        .optNoise(noise)
                        .optTracePath(tracePath)
                        .optBaseDistribution(baseDistribution);
        if (standardization != null) {
            builder.optStandardization(
                    new AffineStandardization(standardization.mean(), standardization.scale()));
        }
        return builder.build();
    }

    /**
     * Writes this description as the JSON object of {@value FlowModelFiles#DESCRIPTION_FILE}.
     *
     * @return the JSON object
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("formatVersion", FORMAT_VERSION);
        json.addProperty("dimension", dimension);
        json.addProperty("dataType", dataType.name().toLowerCase(Locale.ROOT));

        JsonObject field = new JsonObject();
        field.addProperty("type", "FlowMlp");
        JsonArray sizes = new JsonArray();
        for (long size : hiddenSizes) {
            sizes.add(size);
        }
        field.add("hiddenSizes", sizes);
        field.add("activation", activation.toJson());
        field.add("finalActivation", finalActivation == null ? null : finalActivation.toJson());
        field.addProperty("timeDependent", timeDependent);
        json.add("vectorField", field);

        json.add("timeSpan", JsonFields.array(startTime, endTime));

        JsonObject solver = new JsonObject();
        solver.addProperty("tableau", tableau);
        solver.addProperty("absoluteTolerance", absoluteTolerance);
        solver.addProperty("relativeTolerance", relativeTolerance);
        solver.addProperty("errorNorm", errorNorm.name());
        solver.addProperty("maxSteps", maxSteps);
        solver.addProperty("fixedSteps", fixedSteps);
        solver.addProperty("errorColumns", errorColumns);
        json.add("solver", solver);

        JsonObject trace = new JsonObject();
        trace.addProperty("method", traceMethod.name());
        trace.addProperty("noise", noise.name());
        trace.addProperty("path", tracePath.name());
        json.add("trace", trace);

        if (standardization == null) {
            json.add("standardization", null);
        } else {
            JsonObject affine = new JsonObject();
            affine.add("mean", JsonFields.array(standardization.mean()));
            affine.add("scale", JsonFields.array(standardization.scale()));
            json.add("standardization", affine);
        }

        JsonObject base = new JsonObject();
        if (baseDistribution.isStandard()) {
            base.addProperty("type", "standardNormal");
        } else {
            base.addProperty("type", "diagonalNormal");
            base.add("mean", JsonFields.array(baseDistribution.getMean()));
            base.add(
                    "standardDeviation", JsonFields.array(baseDistribution.getStandardDeviation()));
        }
        json.add("baseDistribution", base);
        json.addProperty("parameterFile", FlowModelFiles.PARAMETER_FILE);
        return json;
    }

    /**
     * Reads a description from the JSON object of {@value FlowModelFiles#DESCRIPTION_FILE}.
     *
     * @param json the object
     * @return the description
     * @throws IllegalArgumentException if a field is missing, mistyped or invalid, or the format
     *     version is not {@value #FORMAT_VERSION}
     */
    public static FlowDescription fromJson(JsonObject json) {
        int version = JsonFields.integer(json, "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "Unsupported formatVersion "
                            + version
                            + ": this library reads version "
                            + FORMAT_VERSION);
        }
        int dimension = JsonFields.integer(json, "dimension");
        DataType dataType = parseDataType(JsonFields.string(json, "dataType"));

        JsonObject field = JsonFields.object(json, "vectorField");
        String fieldType = JsonFields.string(field, "type");
        if (!"FlowMlp".equals(fieldType)) {
            throw new IllegalArgumentException(
                    "Unknown vectorField type '" + fieldType + "': expected FlowMlp");
        }
        double[] sizes = JsonFields.doubles(field, "hiddenSizes");
        long[] hiddenSizes = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            hiddenSizes[i] = (long) sizes[i];
        }
        ActivationSpec activation = ActivationSpec.fromJson(JsonFields.object(field, "activation"));
        JsonObject finalJson = JsonFields.optionalObject(field, "finalActivation");
        ActivationSpec finalActivation =
                finalJson == null ? null : ActivationSpec.fromJson(finalJson);
        boolean timeDependent = JsonFields.bool(field, "timeDependent");

        double[] timeSpan = JsonFields.doubles(json, "timeSpan");
        if (timeSpan.length != 2) {
            throw new IllegalArgumentException(
                    "The field 'timeSpan' must hold [t0, t1], got " + Arrays.toString(timeSpan));
        }

        JsonObject solver = JsonFields.object(json, "solver");
        JsonObject trace = JsonFields.object(json, "trace");
        JsonObject affine = JsonFields.optionalObject(json, "standardization");
        Standardization standardization =
                affine == null
                        ? null
                        : new Standardization(
                                JsonFields.doubles(affine, "mean"),
                                JsonFields.doubles(affine, "scale"));
        return new FlowDescription(
                dimension,
                dataType,
                hiddenSizes,
                activation,
                finalActivation,
                timeDependent,
                timeSpan[0],
                timeSpan[1],
                JsonFields.string(solver, "tableau"),
                JsonFields.number(solver, "absoluteTolerance"),
                JsonFields.number(solver, "relativeTolerance"),
                ErrorNorm.valueOf(JsonFields.string(solver, "errorNorm")),
                JsonFields.integer(solver, "maxSteps"),
                JsonFields.integer(solver, "fixedSteps"),
                JsonFields.integer(solver, "errorColumns"),
                TraceMethod.valueOf(JsonFields.string(trace, "method")),
                HutchinsonNoise.valueOf(JsonFields.string(trace, "noise")),
                TracePath.valueOf(JsonFields.string(trace, "path")),
                standardization,
                parseBase(JsonFields.object(json, "baseDistribution")));
    }

    private static DataType parseDataType(String name) {
        return switch (name) {
            case "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            default ->
                    throw new IllegalArgumentException(
                            "Unsupported dataType '" + name + "': expected float32 or float64");
        };
    }

    private static BaseDistribution parseBase(JsonObject json) {
        String type = JsonFields.string(json, "type");
        return switch (type) {
            case "standardNormal" -> BaseDistribution.standardNormal();
            case "diagonalNormal" ->
                    BaseDistribution.diagonalNormal(
                            JsonFields.doubles(json, "mean"),
                            JsonFields.doubles(json, "standardDeviation"));
            default ->
                    throw new IllegalArgumentException(
                            "Unknown baseDistribution type '"
                                    + type
                                    + "': expected standardNormal or diagonalNormal");
        };
    }

    /** The hidden sizes and activations read from the layers of a {@link FlowMlp}. */
    private static final class FieldLayout {

        private long[] hiddenSizes;
        private ActivationSpec activation;
        private ActivationSpec finalActivation;
        private DataType dataType;

        /**
         * Reads the layout {@code affine (activation affine)* [final activation]} that {@link
         * FlowMlp} builds.
         */
        static FieldLayout of(List<FlowLayer> layers, int dimension) {
            FieldLayout layout = new FieldLayout();
            List<Long> hidden = new ArrayList<>();
            int i = 0;
            while (true) {
                long units = affineUnits(layers, i, layout);
                i++;
                if (i == layers.size()) {
                    checkOutput(units, dimension);
                    break;
                }
                ActivationSpec spec = ActivationSpec.describe(layers.get(i));
                if (spec == null) {
                    throw unsupported(layers.get(i));
                }
                i++;
                if (i == layers.size()) {
                    checkOutput(units, dimension);
                    layout.finalActivation = spec;
                    break;
                }
                if (layout.activation != null && !layout.activation.equals(spec)) {
                    throw new IllegalArgumentException(
                            "The hidden activations differ ("
                                    + layout.activation
                                    + " and "
                                    + spec
                                    + "), which FlowMlp cannot build");
                }
                layout.activation = spec;
                hidden.add(units);
            }
            if (layout.activation == null) {
                layout.activation = new ActivationSpec("tanh", 0);
            }
            layout.hiddenSizes = hidden.stream().mapToLong(Long::longValue).toArray();
            return layout;
        }

        private static long affineUnits(List<FlowLayer> layers, int index, FieldLayout layout) {
            if (index >= layers.size()) {
                throw new IllegalArgumentException(
                        "The vector field ends without an output layer, which FlowMlp cannot"
                                + " build");
            }
            FlowLayer layer = layers.get(index);
            if (!(layer instanceof FlowLinear) && !(layer instanceof ConcatSquashLinear)) {
                throw unsupported(layer);
            }
            if (!layer.getParameters().contains("bias")) {
                throw new IllegalArgumentException(
                        "Layer " + index + " has no bias, which FlowMlp always adds");
            }
            Parameter weight = layer.getParameters().get("weight");
            layout.dataType = weight.getArray().getDataType();
            return weight.getArray().getShape().get(0);
        }

        private static void checkOutput(long units, int dimension) {
            if (units != dimension) {
                throw new IllegalArgumentException(
                        "The output layer has " + units + " units, expected " + dimension);
            }
        }

        private static IllegalArgumentException unsupported(FlowLayer layer) {
            return new IllegalArgumentException(
                    "Only FlowMlp vector fields can be exported, but the field contains "
                            + layer.getClass().getName());
        }
    }

    /** Compares by content, since the record contains arrays. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FlowDescription that && toJson().equals(that.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
