// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.Iterator;
import java.util.List;
import org.tribuo.ImmutableOutputInfo;

/** A fixed log-density domain, in which the single entry {@link LogDensity#LABEL} has id 0. */
public final class ImmutableLogDensityInfo extends LogDensityInfo
        implements ImmutableOutputInfo<LogDensity> {

    private static final long serialVersionUID = 1L;

    ImmutableLogDensityInfo(long knownCount, int unknownCount) {
        super(knownCount, unknownCount);
    }

    /**
     * Deserializes a domain from its protobuf form.
     *
     * @param version the serialized version
     * @param className the class name
     * @param message a packed {@code Struct} with the counts
     * @return the domain
     * @throws InvalidProtocolBufferException if the message is malformed
     */
    public static ImmutableLogDensityInfo deserializeFromProto(
            int version, String className, Any message) throws InvalidProtocolBufferException {
        long[] counts = readCounts(version, className, message);
        return new ImmutableLogDensityInfo(counts[0], Math.toIntExact(counts[1]));
    }

    /**
     * Returns 0 for a known log-density and -1 for the unknown output.
     *
     * @param output a log-density
     * @return the id
     */
    @Override
    public int getID(LogDensity output) {
        return output.isUnknown() ? -1 : 0;
    }

    /**
     * Returns the domain's member for id 0.
     *
     * @param id the id
     * @return the domain's member, or null for any other id
     */
    @Override
    public LogDensity getOutput(int id) {
        return id == 0 ? DOMAIN_MEMBER : null;
    }

    @Override
    public long getTotalObservations() {
        return knownCount + unknownCount;
    }

    @Override
    public ImmutableLogDensityInfo copy() {
        return generateImmutableOutputInfo();
    }

    @Override
    public Iterator<Pair<Integer, LogDensity>> iterator() {
        return List.of(new Pair<>(0, DOMAIN_MEMBER)).iterator();
    }
}
