// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Locale;
import org.tribuo.Output;
import org.tribuo.protos.core.OutputProto;

/**
 * The natural logarithm of a probability density at a point, in nats, as a Tribuo output.
 *
 * <p>A density model's examples usually carry no target, so most examples contain {@link #UNKNOWN}.
 * Two outputs are {@link #equals equal} when both are known or both are unknown, whatever their
 * values, because a density output has a single class as far as Tribuo's output domains go; {@link
 * #fullEquals} also compares the values.
 */
public final class LogDensity implements Output<LogDensity> {

    private static final long serialVersionUID = 1L;

    /** The current protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** The label of known log-densities in output domains and serialized forms. */
    public static final String LABEL = "log-density";

    /** The unknown output, whose value is NaN. */
    public static final LogDensity UNKNOWN = new LogDensity();

    private final double value;

    private LogDensity() {
        value = Double.NaN;
    }

    /**
     * Creates a known log-density.
     *
     * @param value the log-density in nats; negative infinity is a zero density
     * @throws IllegalArgumentException if {@code value} is NaN or positive infinity
     */
    public LogDensity(double value) {
        if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "A log-density must be a number below positive infinity, got " + value);
        }
        this.value = value;
    }

    /**
     * Deserializes a log-density from its protobuf form.
     *
     * @param version the serialized version
     * @param className the class name, {@link LogDensity}
     * @param message a packed {@link DoubleValue}, NaN for the unknown output
     * @return the log-density
     * @throws InvalidProtocolBufferException if the message is not a {@link DoubleValue}
     * @throws IllegalArgumentException if the version is newer than this class supports
     */
    public static LogDensity deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ProtoForms.checkVersion(version, CURRENT_VERSION, className);
        double value = message.unpack(DoubleValue.class).getValue();
        return Double.isNaN(value) ? UNKNOWN : new LogDensity(value);
    }

    /**
     * Returns the log-density.
     *
     * @return the value in nats, or NaN for the unknown output
     */
    public double getValue() {
        return value;
    }

    /**
     * Returns whether this is the unknown output.
     *
     * @return true for {@link #UNKNOWN}
     */
    public boolean isUnknown() {
        return Double.isNaN(value);
    }

    /**
     * Returns the density itself, {@code exp(value)}.
     *
     * @return the density, or NaN for the unknown output
     */
    public double getDensity() {
        return Math.exp(value);
    }

    @Override
    public LogDensity copy() {
        return isUnknown() ? UNKNOWN : new LogDensity(value);
    }

    /**
     * Returns {@code log-density=VALUE}, or {@code log-density=?} for the unknown output.
     *
     * @param includeConfidence unused, since a log-density has no confidence
     * @return the serializable form
     */
    @Override
    public String getSerializableForm(boolean includeConfidence) {
        return LABEL + "=" + (isUnknown() ? "?" : Double.toString(value));
    }

    @Override
    public boolean fullEquals(LogDensity other) {
        return fullEquals(other, 0.0);
    }

    @Override
    public boolean fullEquals(LogDensity other, double tolerance) {
        if (other == null || isUnknown() != other.isUnknown()) {
            return false;
        }
        return isUnknown() || value == other.value || Math.abs(value - other.value) <= tolerance;
    }

    @Override
    public OutputProto serialize() {
        return OutputProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(LogDensity.class.getName())
                .setSerializedData(Any.pack(DoubleValue.of(value)))
                .build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogDensity density && isUnknown() == density.isUnknown();
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(isUnknown());
    }

    @Override
    public String toString() {
        return isUnknown()
                ? "LogDensity(unknown)"
                : String.format(Locale.ROOT, "LogDensity(%s)", Double.toString(value));
    }

    private Object readResolve() {
        return isUnknown() ? UNKNOWN : this;
    }
}
