// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.MutableOutputInfo;

/** A log-density domain that counts the outputs it observes. */
public final class MutableLogDensityInfo extends LogDensityInfo
        implements MutableOutputInfo<LogDensity> {

    private static final long serialVersionUID = 1L;

    /** Creates an empty count. */
    public MutableLogDensityInfo() {
        super(0, 0);
    }

    MutableLogDensityInfo(long knownCount, int unknownCount) {
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
    public static MutableLogDensityInfo deserializeFromProto(
            int version, String className, Any message) throws InvalidProtocolBufferException {
        long[] counts = readCounts(version, className, message);
        return new MutableLogDensityInfo(counts[0], Math.toIntExact(counts[1]));
    }

    @Override
    public void observe(LogDensity output) {
        if (output.isUnknown()) {
            unknownCount++;
        } else {
            knownCount++;
        }
    }

    @Override
    public void clear() {
        knownCount = 0;
        unknownCount = 0;
    }

    @Override
    public MutableLogDensityInfo copy() {
        return generateMutableOutputInfo();
    }
}
