// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

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
