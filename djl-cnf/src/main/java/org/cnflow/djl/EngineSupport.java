// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

/** Locates the PyTorch engine that every computation of this library runs on. */
public final class EngineSupport {

    /** The DJL name of the engine this library is built and tested against. */
    public static final String ENGINE_NAME = "PyTorch";

    private EngineSupport() {}

    /**
     * Returns the PyTorch engine, loading it on first use.
     *
     * <p>The native library comes from the {@code pytorch-native-cpu} jar on the class path, so
     * with {@code -Dai.djl.offline=true} nothing is downloaded.
     *
     * @return the PyTorch engine
     * @throws EngineException if the engine cannot be loaded, with the cause from DJL
     */
    public static Engine pytorch() {
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    "The PyTorch engine is not on the class path: add"
                            + " ai.djl.pytorch:pytorch-engine, pytorch-jni and pytorch-native-cpu",
                    e);
        }
    }
}
