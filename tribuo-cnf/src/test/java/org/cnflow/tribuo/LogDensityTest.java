// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.test.Helpers;

class LogDensityTest {

    private final LogDensityFactory factory = new LogDensityFactory();

    @Test
    void equalityIgnoresValue() {
        assertEquals(new LogDensity(-1.5), new LogDensity(2.0));
        assertEquals(new LogDensity(-1.5).hashCode(), new LogDensity(2.0).hashCode());
        assertNotEquals(new LogDensity(-1.5), LogDensity.UNKNOWN);
        assertEquals(LogDensity.UNKNOWN, LogDensity.UNKNOWN.copy());
    }

    @Test
    void fullEqualsComparesValue() {
        assertTrue(new LogDensity(-1.5).fullEquals(new LogDensity(-1.5)));
        assertFalse(new LogDensity(-1.5).fullEquals(new LogDensity(-1.25)));
        assertTrue(new LogDensity(-1.5).fullEquals(new LogDensity(-1.25), 0.5));
        assertTrue(LogDensity.UNKNOWN.fullEquals(LogDensity.UNKNOWN));
        assertFalse(LogDensity.UNKNOWN.fullEquals(new LogDensity(0)));
    }

    @Test
    void constructorRejectsNaN() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new LogDensity(Double.NaN));
        assertTrue(error.getMessage().contains("NaN"), error.getMessage());
    }

    @Test
    void serializableFormShowsValue() {
        assertEquals("log-density=-2.5", new LogDensity(-2.5).getSerializableForm(false));
        assertEquals("log-density=?", LogDensity.UNKNOWN.getSerializableForm(true));
    }

    @Test
    void outputSurvivesProtobuf() {
        LogDensity known = Helpers.testProtoSerialization(new LogDensity(-3.25));
        assertTrue(known.fullEquals(new LogDensity(-3.25)));
        LogDensity unknown = Helpers.testProtoSerialization(LogDensity.UNKNOWN);
        assertTrue(unknown.isUnknown());
    }

    @Test
    void factoryParsesNumbers() {
        assertEquals(-1.25, factory.generateOutput("-1.25").getValue());
        assertEquals(3.0, factory.generateOutput(3).getValue());
        assertEquals(-0.5, factory.generateOutput("log-density=-0.5").getValue());
        assertSame(LogDensity.UNKNOWN, factory.generateOutput(""));
        assertSame(LogDensity.UNKNOWN, factory.generateOutput("abc"));
        assertSame(LogDensity.UNKNOWN, factory.generateOutput(null));
        assertSame(LogDensity.UNKNOWN, factory.getUnknownOutput());
        assertEquals(LogDensity.class, factory.getTypeWitness());
    }

    @Test
    void factorySurvivesProtobufAndMarshalling() {
        Helpers.testProtoSerialization(factory);
        Helpers.testProvenanceMarshalling(factory.getProvenance());
    }

    @Test
    void domainHasOneEntryWhenUnlabelled() {
        MutableOutputInfo<LogDensity> info = factory.generateInfo();
        info.observe(LogDensity.UNKNOWN);
        info.observe(LogDensity.UNKNOWN);
        info.observe(new LogDensity(-1));
        assertEquals(1, info.size());
        assertEquals(1, info.getDomain().size());
        assertEquals(2, info.getUnknownCount());
        ImmutableOutputInfo<LogDensity> fixed = info.generateImmutableOutputInfo();
        assertEquals(0, fixed.getID(new LogDensity(5)));
        assertEquals(-1, fixed.getID(LogDensity.UNKNOWN));
        assertEquals(3, fixed.getTotalObservations());
        assertFalse(fixed.getOutput(0).isUnknown());
    }

    @Test
    void domainsSurviveProtobuf() {
        MutableOutputInfo<LogDensity> info = factory.generateInfo();
        info.observe(LogDensity.UNKNOWN);
        info.observe(new LogDensity(-1));
        Helpers.testProtoSerialization(info);
        Helpers.testProtoSerialization(info.generateImmutableOutputInfo());
    }

    @Test
    void externalDomainNeedsOneEntry() {
        assertEquals(1, factory.constructInfoForExternalModel(Map.of(new LogDensity(0), 0)).size());
        assertThrows(
                IllegalArgumentException.class,
                () -> factory.constructInfoForExternalModel(Map.of(new LogDensity(0), 3)));
    }
}
