// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

/** Checks shared by the protobuf deserializers of this package. */
final class ProtoForms {

    private ProtoForms() {}

    static void checkVersion(int version, int currentVersion, String className) {
        if (version < 0 || version > currentVersion) {
            throw new IllegalArgumentException(
                    "Unknown serialized version "
                            + version
                            + " of "
                            + className
                            + ": this release reads versions 0 to "
                            + currentVersion);
        }
    }
}
