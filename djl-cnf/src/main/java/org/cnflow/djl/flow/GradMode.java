// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets PyTorch's grad mode on the current thread for a scope, then restores it.
 *
 * <p>PyTorch's grad mode is thread-local, and DJL switches it off only on the thread that loads the
 * engine, so every computation sets it explicitly instead of relying on a thread's history. Unlike
 * DJL's {@code GradientCollector}, of which one may be open per JVM, scopes on different threads do
 * not interfere.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /**
     * Switches grad mode on for the current thread until {@link #close()}.
     *
     * @return the scope
     */
    public static GradMode enabled() {
        return new GradMode(true);
    }

    /**
     * Switches grad mode off for the current thread until {@link #close()}.
     *
     * @return the scope
     */
    public static GradMode disabled() {
        return new GradMode(false);
    }

    /** Restores the grad mode the thread had when the scope opened. */
    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
