// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.util.Map;
import java.util.Objects;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.OutputFactory;
import org.tribuo.protos.core.OutputFactoryProto;
import org.tribuo.provenance.OutputFactoryProvenance;

/**
 * Creates {@link LogDensity} outputs and their domains for density estimation.
 *
 * <p>{@link #generateOutput} parses a number as a known log-density, so a data source can carry a
 * true log-density to evaluate against, and returns {@link LogDensity#UNKNOWN} for anything else,
 * including null and the empty string.
 */
public final class LogDensityFactory implements OutputFactory<LogDensity> {

    private static final long serialVersionUID = 1L;

    /** The current protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private static final DensityEvaluator EVALUATOR = new DensityEvaluator();

    /** Creates the factory; it has no configuration. */
    public LogDensityFactory() {}

    /**
     * Deserializes a factory from its protobuf form.
     *
     * @param version the serialized version
     * @param className the class name
     * @param message an empty message
     * @return a new factory
     */
    public static LogDensityFactory deserializeFromProto(
            int version, String className, Any message) {
        ProtoForms.checkVersion(version, CURRENT_VERSION, className);
        return new LogDensityFactory();
    }

    /**
     * Parses a log-density.
     *
     * @param label a {@link Number}, or a string holding a number, optionally prefixed by {@code
     *     log-density=}
     * @return the known log-density, or {@link LogDensity#UNKNOWN} if {@code label} is null, not a
     *     number, NaN or positive infinity
     */
    @Override
    public <V> LogDensity generateOutput(V label) {
        if (label instanceof Number number) {
            return fromDouble(number.doubleValue());
        }
        if (label == null) {
            return LogDensity.UNKNOWN;
        }
        String text = label.toString().trim();
        if (text.startsWith(LogDensity.LABEL + "=")) {
            text = text.substring(LogDensity.LABEL.length() + 1);
        }
        try {
            return fromDouble(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return LogDensity.UNKNOWN;
        }
    }

    private static LogDensity fromDouble(double value) {
        if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
            return LogDensity.UNKNOWN;
        }
        return new LogDensity(value);
    }

    @Override
    public LogDensity getUnknownOutput() {
        return LogDensity.UNKNOWN;
    }

    @Override
    public MutableOutputInfo<LogDensity> generateInfo() {
        return new MutableLogDensityInfo();
    }

    /**
     * Creates an output domain for a model built outside Tribuo.
     *
     * @param mapping must map one known log-density to id 0, since the domain has one entry
     * @return the domain
     * @throws IllegalArgumentException if the mapping is not a single entry with id 0
     */
    @Override
    public ImmutableOutputInfo<LogDensity> constructInfoForExternalModel(
            Map<LogDensity, Integer> mapping) {
        if (mapping.size() != 1 || !Objects.equals(mapping.values().iterator().next(), 0)) {
            throw new IllegalArgumentException(
                    "A log-density domain has one entry with id 0, but the mapping is " + mapping);
        }
        return new ImmutableLogDensityInfo(0, 0);
    }

    @Override
    public DensityEvaluator getEvaluator() {
        return EVALUATOR;
    }

    @Override
    public Class<LogDensity> getTypeWitness() {
        return LogDensity.class;
    }

    @Override
    public OutputFactoryProto serialize() {
        return OutputFactoryProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(LogDensityFactory.class.getName())
                .setSerializedData(Any.pack(Empty.getDefaultInstance()))
                .build();
    }

    @Override
    public OutputFactoryProvenance getProvenance() {
        return new LogDensityFactoryProvenance();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogDensityFactory;
    }

    @Override
    public int hashCode() {
        return LogDensityFactory.class.hashCode();
    }

    @Override
    public String toString() {
        return "LogDensityFactory";
    }

    /** The provenance of a {@link LogDensityFactory}, which is its class name alone. */
    public static final class LogDensityFactoryProvenance implements OutputFactoryProvenance {

        private static final long serialVersionUID = 1L;

        private final String className;

        LogDensityFactoryProvenance() {
            className = LogDensityFactory.class.getName();
        }

        /**
         * Rebuilds the provenance from its marshalled form.
         *
         * @param map the provenance's fields, with the class name under {@code class-name}
         */
        public LogDensityFactoryProvenance(Map<String, Provenance> map) {
            className =
                    ObjectProvenance.checkAndExtractProvenance(
                                    map,
                                    CLASS_NAME,
                                    StringProvenance.class,
                                    LogDensityFactoryProvenance.class.getSimpleName())
                            .getValue();
        }

        @Override
        public String getClassName() {
            return className;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LogDensityFactoryProvenance provenance
                    && className.equals(provenance.className);
        }

        @Override
        public int hashCode() {
            return className.hashCode();
        }

        @Override
        public String toString() {
            return generateString("OutputFactory");
        }
    }
}
