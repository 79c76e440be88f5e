// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.tribuo.OutputInfo;
import org.tribuo.protos.core.OutputDomainProto;

/**
 * The output domain of density estimation: counts of known and unknown log-densities.
 *
 * <p>The domain always contains the single entry {@link LogDensity#LABEL}, a known log-density
 * whose value is irrelevant, because Tribuo's models and evaluators expect a non-empty domain even
 * when every training example is unlabelled.
 */
public abstract sealed class LogDensityInfo implements OutputInfo<LogDensity>
        permits MutableLogDensityInfo, ImmutableLogDensityInfo {

    private static final long serialVersionUID = 1L;

    /** The current protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** The one member of every log-density domain. */
    static final LogDensity DOMAIN_MEMBER = new LogDensity(0.0);

    private static final String KNOWN_COUNT = "knownCount";
    private static final String UNKNOWN_COUNT = "unknownCount";

    /** The number of examples observed with a known log-density. */
    protected long knownCount;

    /** The number of examples observed with the unknown output. */
    protected int unknownCount;

    LogDensityInfo(long knownCount, int unknownCount) {
        this.knownCount = knownCount;
        this.unknownCount = unknownCount;
    }

    /**
     * Reads the counts of a serialized domain.
     *
     * @return {known count, unknown count}
     * @throws InvalidProtocolBufferException if the message is not a {@link Struct} of counts
     */
    static long[] readCounts(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ProtoForms.checkVersion(version, CURRENT_VERSION, className);
        Struct counts = message.unpack(Struct.class);
        if (!counts.containsFields(KNOWN_COUNT) || !counts.containsFields(UNKNOWN_COUNT)) {
            throw new InvalidProtocolBufferException(
                    "Invalid log-density domain: expected the fields "
                            + KNOWN_COUNT
                            + " and "
                            + UNKNOWN_COUNT
                            + ", got "
                            + counts.getFieldsMap().keySet());
        }
        return new long[] {
            (long) counts.getFieldsOrThrow(KNOWN_COUNT).getNumberValue(),
            (long) counts.getFieldsOrThrow(UNKNOWN_COUNT).getNumberValue()
        };
    }

    /**
     * Returns the number of examples observed with a known log-density.
     *
     * @return the count
     */
    public long getKnownCount() {
        return knownCount;
    }

    @Override
    public Set<LogDensity> getDomain() {
        return Collections.singleton(DOMAIN_MEMBER);
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int getUnknownCount() {
        return unknownCount;
    }

    @Override
    public MutableLogDensityInfo generateMutableOutputInfo() {
        return new MutableLogDensityInfo(knownCount, unknownCount);
    }

    @Override
    public ImmutableLogDensityInfo generateImmutableOutputInfo() {
        return new ImmutableLogDensityInfo(knownCount, unknownCount);
    }

    @Override
    public String toReadableString() {
        return "{" + LogDensity.LABEL + ": " + knownCount + " known, " + unknownCount + " unknown}";
    }

    @Override
    public Iterable<Pair<String, Long>> outputCountsIterable() {
        return List.of(new Pair<>(LogDensity.LABEL, knownCount));
    }

    @Override
    public OutputDomainProto serialize() {
        Struct counts =
                Struct.newBuilder()
                        .putFields(
                                KNOWN_COUNT, Value.newBuilder().setNumberValue(knownCount).build())
                        .putFields(
                                UNKNOWN_COUNT,
                                Value.newBuilder().setNumberValue(unknownCount).build())
                        .build();
        return OutputDomainProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(getClass().getName())
                .setSerializedData(Any.pack(counts))
                .build();
    }

    @Override
    public boolean equals(Object other) {
        return other != null
                && other.getClass() == getClass()
                && ((LogDensityInfo) other).knownCount == knownCount
                && ((LogDensityInfo) other).unknownCount == unknownCount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(knownCount) * 31 + unknownCount;
    }

    @Override
    public String toString() {
        return toReadableString();
    }
}
