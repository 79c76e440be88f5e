// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Locates and deletes the copies of test artifacts in DJL's cache. */
final class ZooCache {

    private ZooCache() {}

    /** Returns DJL's cache directory of an artifact of group {@value FlowModelZoo#GROUP_ID}. */
    static Path artifactDirectory(String artifactId) {
        return Utils.getCacheDir()
                .resolve("cache/repo")
                .resolve(FlowModelZoo.repositoryPath(artifactId).getPath());
    }

    static void delete(String artifactId) throws IOException {
        Path directory = artifactDirectory(artifactId);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
