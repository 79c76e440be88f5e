// SPDX-License-Identifier: Apache-2.0
package org.cnflow.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.cnflow.djl.EngineSupport;
import org.junit.jupiter.api.Test;

class EngineSmokeIT {

    @Test
    void engineStartsOfflineWithPyTorch271() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        Engine engine = EngineSupport.pytorch();
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals("2.7.1", engine.getVersion());
    }

    @Test
    void gradientCollectorGivesFirstOrderGradient() {
        Engine engine = EngineSupport.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.create(new double[] {1.0, -2.0, 0.5});
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                collector.backward(x.mul(x).sum());
            }
            assertArrayEquals(new double[] {2.0, -4.0, 1.0}, x.getGradient().toDoubleArray(), 0.0);
        }
    }
}
