// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the resident set size of this process from {@code /proc/self/status} (Linux). */
final class ResidentMemory {

    private ResidentMemory() {}

    /** Returns the resident set size in kilobytes. */
    static long kilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] fields = line.trim().split("\\s+");
                    return Long.parseLong(fields[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }
}
