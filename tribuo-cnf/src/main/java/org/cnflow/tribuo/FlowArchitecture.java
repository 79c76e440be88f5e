// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import ai.djl.ndarray.types.DataType;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Arrays;
import java.util.Map;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.GradientMode;
import org.cnflow.djl.flow.TraceMethod;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.ode.ButcherTableau;
import org.cnflow.djl.ode.OdeSolver;

/**
 * The settings that rebuild a trained flow's block before its parameters are loaded.
 *
 * @param dimension the number of features d
 * @param hiddenSizes the widths of the vector field's hidden layers
 * @param finalActivation the activation after the output layer, or null for none
 * @param activation the hidden layers' activation
 * @param timeDependent whether the field uses concat-squash layers that depend on time
 * @param startTime the integration's start time t0
 * @param endTime the integration's end time t1
 * @param solver the Runge–Kutta pair
 * @param absoluteTolerance the solver's absolute tolerance
 * @param relativeTolerance the solver's relative tolerance
 * @param traceMethod the Jacobian trace
 * @param gradientMode how training computed gradients
 * @param kineticWeight the kinetic-energy regularizer's weight used in training
 * @param jacobianWeight the Jacobian regularizer's weight used in training
 * @param precision the data type of parameters and inputs
 * @param mean the standardization's mean, or null without standardization
 * @param scale the standardization's scale, or null without standardization
 */
record FlowArchitecture(
        int dimension,
        int[] hiddenSizes,
        FfjordTrainer.Activation activation,
        FfjordTrainer.Activation finalActivation,
        boolean timeDependent,
        double startTime,
        double endTime,
        FfjordTrainer.Solver solver,
        double absoluteTolerance,
        double relativeTolerance,
        TraceMethod traceMethod,
        GradientMode gradientMode,
        double kineticWeight,
        double jacobianWeight,
        FfjordTrainer.Precision precision,
        double[] mean,
        double[] scale) {

    /** Returns the engine data type of the precision. */
    DataType dataType() {
        return precision == FfjordTrainer.Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /** Builds an uninitialized block with these settings. */
    FfjordBlock buildBlock() {
        long[] hidden = Arrays.stream(hiddenSizes).asLongStream().toArray();
        ButcherTableau tableau =
                solver == FfjordTrainer.Solver.DOPRI5
                        ? ButcherTableau.dormandPrince54()
                        : ButcherTableau.tsit5();
        FfjordBlock.Builder builder =
                FfjordBlock.builder()
                        .setVectorField(
                                FlowMlp.builder()
                                        .setInputSize(dimension)
                                        .optHiddenSizes(hidden)
                                        .optActivation(activation.factory())
                                        .optFinalActivation(
                                                finalActivation == null
                                                        ? null
                                                        : finalActivation.factory())
                                        .optTimeDependent(timeDependent)
                                        .build())
                        .setDimension(dimension)
                        .optTimeDependent(timeDependent)
                        .optTimeSpan(startTime, endTime)
                        .optSolver(
                                OdeSolver.builder()
                                        .optTableau(tableau)
                                        .optAbsoluteTolerance(absoluteTolerance)
                                        .optRelativeTolerance(relativeTolerance)
                                        .build())
                        .optTraceMethod(traceMethod)
                        .optGradientMode(gradientMode)
                        .optKineticWeight(kineticWeight)
                        .optJacobianWeight(jacobianWeight);
        if (mean != null) {
            builder.optStandardization(new AffineStandardization(mean, scale));
        }
        return builder.build();
    }

    /** Writes the settings as a protobuf {@link Struct}. */
    Struct toStruct() {
        Struct.Builder struct = Struct.newBuilder();
        put(struct, "dimension", number(dimension));
        put(struct, "hiddenSizes", list(Arrays.stream(hiddenSizes).asDoubleStream().toArray()));
        put(struct, "activation", text(activation.name()));
        if (finalActivation != null) {
            put(struct, "finalActivation", text(finalActivation.name()));
        }
        put(struct, "timeDependent", Value.newBuilder().setBoolValue(timeDependent).build());
        put(struct, "startTime", number(startTime));
        put(struct, "endTime", number(endTime));
        put(struct, "solver", text(solver.name()));
        put(struct, "absoluteTolerance", number(absoluteTolerance));
        put(struct, "relativeTolerance", number(relativeTolerance));
        put(struct, "traceMethod", text(traceMethod.name()));
        put(struct, "gradientMode", text(gradientMode.name()));
        put(struct, "kineticWeight", number(kineticWeight));
        put(struct, "jacobianWeight", number(jacobianWeight));
        put(struct, "precision", text(precision.name()));
        if (mean != null) {
            put(struct, "mean", list(mean));
            put(struct, "scale", list(scale));
        }
        return struct.build();
    }

    /**
     * Reads settings written by {@link #toStruct()}.
     *
     * @throws IllegalArgumentException if a setting is missing or invalid
     */
    static FlowArchitecture fromStruct(Struct struct) {
        Map<String, Value> fields = struct.getFieldsMap();
        return new FlowArchitecture(
                (int) field(fields, "dimension").getNumberValue(),
                Arrays.stream(doubles(field(fields, "hiddenSizes")))
                        .mapToInt(v -> (int) v)
                        .toArray(),
                FfjordTrainer.Activation.valueOf(field(fields, "activation").getStringValue()),
                fields.containsKey("finalActivation")
                        ? FfjordTrainer.Activation.valueOf(
                                fields.get("finalActivation").getStringValue())
                        : null,
                field(fields, "timeDependent").getBoolValue(),
                field(fields, "startTime").getNumberValue(),
                field(fields, "endTime").getNumberValue(),
                FfjordTrainer.Solver.valueOf(field(fields, "solver").getStringValue()),
                field(fields, "absoluteTolerance").getNumberValue(),
                field(fields, "relativeTolerance").getNumberValue(),
                TraceMethod.valueOf(field(fields, "traceMethod").getStringValue()),
                GradientMode.valueOf(field(fields, "gradientMode").getStringValue()),
                field(fields, "kineticWeight").getNumberValue(),
                field(fields, "jacobianWeight").getNumberValue(),
                FfjordTrainer.Precision.valueOf(field(fields, "precision").getStringValue()),
                fields.containsKey("mean") ? doubles(fields.get("mean")) : null,
                fields.containsKey("scale") ? doubles(fields.get("scale")) : null);
    }

    private static Value field(Map<String, Value> fields, String name) {
        Value value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "Invalid serialized FFJORD model: the architecture has no field " + name);
        }
        return value;
    }

    private static void put(Struct.Builder struct, String name, Value value) {
        struct.putFields(name, value);
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Value list(double[] values) {
        ListValue.Builder list = ListValue.newBuilder();
        for (double value : values) {
            list.addValues(number(value));
        }
        return Value.newBuilder().setListValue(list).build();
    }

    private static double[] doubles(Value value) {
        return value.getListValue().getValuesList().stream()
                .mapToDouble(Value::getNumberValue)
                .toArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlowArchitecture that && toStruct().equals(that.toStruct());
    }

    @Override
    public int hashCode() {
        return toStruct().hashCode();
    }

    @Override
    public String toString() {
        return "FlowArchitecture" + toStruct().getFieldsMap();
    }
}
