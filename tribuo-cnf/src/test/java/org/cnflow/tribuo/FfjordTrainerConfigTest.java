// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnflow.djl.training.LbfgsStage;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.test.Helpers;

class FfjordTrainerConfigTest {

    @Test
    void postConfigNamesInvalidField() {
        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put("hiddenSizes", () -> FfjordTrainer.builder().hiddenSizes(8, 0).build());
        cases.put("endTime", () -> FfjordTrainer.builder().timeSpan(1, 1).build());
        cases.put("absoluteTolerance", () -> FfjordTrainer.builder().tolerances(0, 1e-3).build());
        cases.put("learningRate", () -> FfjordTrainer.builder().adam(-1, 10).build());
        cases.put("iterations", () -> FfjordTrainer.builder().adam(1e-2, 0).build());
        cases.put("beta1", () -> FfjordTrainer.builder().adamSettings(1.0, 0.999, 1e-8, 0).build());
        cases.put("kineticWeight", () -> FfjordTrainer.builder().regularization(-1, 0).build());
        cases.put("lbfgsHistory", () -> FfjordTrainer.builder().lbfgs(10, 0, null, 1e-8).build());
        cases.put("minibatchSize", () -> FfjordTrainer.builder().minibatchSize(-4).build());
        cases.put(
                "validationFraction", () -> FfjordTrainer.builder().validation(1.0, 10, 5).build());
        cases.put("patience", () -> FfjordTrainer.builder().validation(0.1, 10, 0).build());
        for (Map.Entry<String, Runnable> entry : cases.entrySet()) {
            PropertyException error =
                    assertThrows(PropertyException.class, entry.getValue()::run, entry.getKey());
            assertEquals(entry.getKey(), error.getProperty(), error.getMessage());
            assertTrue(error.getMessage().contains(entry.getKey()), error.getMessage());
        }
    }

    @Test
    void configurationFileSetsFields() {
        ConfigurationManager manager = new ConfigurationManager();
        manager.addProperties(getClass().getResource("ffjord-config.xml"));
        FfjordTrainer trainer = (FfjordTrainer) manager.lookup("ffjord");
        Map<String, Provenance> fields = trainer.getProvenance().getConfiguredParameters();
        assertEquals("SOFTPLUS", fields.get("activation").toString());
        assertEquals("50", fields.get("iterations").toString());
        assertEquals("HUTCHINSON", fields.get("traceMethod").toString());
        assertEquals("FLOAT64", fields.get("dataType").toString());
        assertTrue(trainer.toString().contains("hiddenSizes=[16, 8]"), trainer.toString());
    }

    @Test
    void configurationFileRejectsInvalidValue() {
        ConfigurationManager manager = new ConfigurationManager();
        manager.addProperties(getClass().getResource("ffjord-config.xml"));
        PropertyException error =
                assertThrows(PropertyException.class, () -> manager.lookup("invalid"));
        assertTrue(error.getMessage().contains("relativeTolerance"), error.getMessage());
        assertTrue(error.getMessage().contains("-0.5"), error.getMessage());
    }

    @Test
    void configurationRoundTripsThroughProvenance() {
        Helpers.testConfigurableRoundtrip(new FfjordTrainer());
        FfjordTrainer custom =
                FfjordTrainer.builder()
                        .hiddenSizes(16, 8)
                        .activation(FfjordTrainer.Activation.SOFTPLUS)
                        .solver(FfjordTrainer.Solver.DOPRI5)
                        .lbfgs(20, 5, LbfgsStage.LineSearchKind.HAGER_ZHANG, 1e-6)
                        .validation(0.2, 5, 3)
                        .dataType(FfjordTrainer.Precision.FLOAT64)
                        .seed(99)
                        .build();
        Helpers.testConfigurableRoundtrip(custom);
        Helpers.testProvenanceMarshalling(custom.getProvenance());
    }

    @Test
    void invocationCountAdvancesAndResets() {
        FfjordTrainer trainer = FfjordTrainer.builder().hiddenSizes(4).adam(1e-2, 2).build();
        MutableDataset<LogDensity> data = smallDataset();
        trainer.train(data).close();
        trainer.train(data).close();
        assertEquals(2, trainer.getInvocationCount());
        trainer.setInvocationCount(0);
        assertEquals(0, trainer.getInvocationCount());
    }

    @Test
    void emptyDatasetIsRejected() {
        LogDensityFactory factory = new LogDensityFactory();
        MutableDataset<LogDensity> empty =
                new MutableDataset<>(new SimpleDataSourceProvenance("empty", factory), factory);
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> new FfjordTrainer().train(empty));
        assertTrue(error.getMessage().contains("empty dataset"), error.getMessage());
    }

    /** Twenty points on a small grid with features "a" and "b". */
    static MutableDataset<LogDensity> smallDataset() {
        LogDensityFactory factory = new LogDensityFactory();
        MutableDataset<LogDensity> data =
                new MutableDataset<>(new SimpleDataSourceProvenance("grid", factory), factory);
        for (int i = 0; i < 20; i++) {
            data.add(
                    new ArrayExample<>(
                            LogDensity.UNKNOWN,
                            new String[] {"a", "b"},
                            new double[] {i % 5 + 0.5, i / 5 + 0.25 * (i % 3) + 0.5}));
        }
        return data;
    }
}
