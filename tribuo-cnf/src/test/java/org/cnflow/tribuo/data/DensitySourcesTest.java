// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnflow.tribuo.LogDensity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.provenance.DataSourceProvenance;

class DensitySourcesTest {

    @TempDir Path directory;

    private static double[] point(Example<LogDensity> example) {
        double[] values = new double[example.size()];
        int j = 0;
        for (var feature : example) {
            values[j++] = feature.getValue();
        }
        return values;
    }

    @Test
    void normalOutputIsTrueLogDensity() {
        SyntheticDensitySource source = new SyntheticDensitySource(6.0, 0.7, 50, 3L);
        for (Example<LogDensity> example : source) {
            double x = point(example)[0];
            double z = (x - 6.0) / 0.7;
            double expected = -0.5 * (Math.log(2 * Math.PI) + z * z) - Math.log(0.7);
            assertEquals(expected, example.getOutput().getValue(), 1e-12);
        }
    }

    @Test
    void normalMomentsMatchParameters() {
        SyntheticDensitySource source = new SyntheticDensitySource(6.0, 0.7, 20000, 5L);
        double sum = 0;
        double squares = 0;
        for (Example<LogDensity> example : source) {
            double x = point(example)[0];
            sum += x;
            squares += x * x;
        }
        double mean = sum / 20000;
        double deviation = Math.sqrt(squares / 20000 - mean * mean);
        // Standard errors at n = 20000 are 0.005 for the mean and 0.0035 for the deviation.
        assertEquals(6.0, mean, 0.03);
        assertEquals(0.7, deviation, 0.02);
    }

    @Test
    void sameSeedGivesSameExamples() {
        var first =
                new SyntheticDensitySource(
                        SyntheticDensitySource.Distribution.CHECKERBOARD, 20, 9L);
        var second =
                new SyntheticDensitySource(
                        SyntheticDensitySource.Distribution.CHECKERBOARD, 20, 9L);
        var firstList = new MutableDataset<>(first).getData();
        var secondList = new MutableDataset<>(second).getData();
        for (int i = 0; i < 20; i++) {
            assertEquals(point(firstList.get(i))[0], point(secondList.get(i))[0]);
            assertEquals(point(firstList.get(i))[1], point(secondList.get(i))[1]);
        }
    }

    @Test
    void checkerboardPointsLieOnSupport() {
        var source =
                new SyntheticDensitySource(
                        SyntheticDensitySource.Distribution.CHECKERBOARD, 2000, 1L);
        for (Example<LogDensity> example : source) {
            double[] p = point(example);
            assertTrue(p[0] >= -4, "x1 " + p[0]);
            assertTrue(p[0] < 4, "x1 " + p[0]);
            assertTrue(p[1] >= -4, "x2 " + p[1]);
            assertTrue(p[1] < 4, "x2 " + p[1]);
            assertEquals(Math.log(1.0 / 32), example.getOutput().getValue(), 1e-12);
        }
        assertEquals(Double.NEGATIVE_INFINITY, source.logDensity(new double[] {0.5, -0.5}));
    }

    @Test
    void eightGaussiansCentresLieOnScaledCircle() {
        var source =
                new SyntheticDensitySource(
                        SyntheticDensitySource.Distribution.EIGHT_GAUSSIANS, 8000, 2L);
        double sumX = 0;
        double sumRadius = 0;
        for (Example<LogDensity> example : source) {
            double[] p = point(example);
            sumX += p[0];
            sumRadius += Math.hypot(p[0], p[1]);
            assertTrue(Double.isFinite(example.getOutput().getValue()));
        }
        assertEquals(0.0, sumX / 8000, 0.05);
        // The radius of a point is close to 4 / 1.414 because the spread 0.5 / 1.414 is small.
        assertEquals(4 / 1.414, sumRadius / 8000, 0.1);
    }

    @Test
    void mixtureDensityIntegratesToOne() {
        var source =
                new SyntheticDensitySource(
                        SyntheticDensitySource.Distribution.GAUSSIAN_MIXTURE, 10, 1L);
        double integral = 0;
        double step = 1e-3;
        for (double x = -10; x < 10; x += step) {
            integral += Math.exp(source.logDensity(new double[] {x})) * step;
        }
        assertEquals(1.0, integral, 1e-6);
    }

    @Test
    void csvReadsNamedColumns() throws IOException {
        Path file = directory.resolve("data.csv");
        Files.writeString(file, "\"a\",\"b\",\"c\"\n1,2,3\n4,5,6\n");
        CsvDensitySource source = new CsvDensitySource(file, List.of("c", "a"));
        assertEquals(List.of("c", "a"), source.featureNames());
        assertEquals(2, source.size());
        Example<LogDensity> first = source.iterator().next();
        assertEquals(3.0, first.lookup("c").getValue());
        assertEquals(1.0, first.lookup("a").getValue());
        assertTrue(first.getOutput().isUnknown());
    }

    @Test
    void csvRejectsNonNumericValue() throws IOException {
        Path file = directory.resolve("bad.csv");
        Files.writeString(file, "a,b\n1,2\n3,oops\n");
        PropertyException error =
                assertThrows(PropertyException.class, () -> new CsvDensitySource(file, List.of()));
        assertTrue(error.getMessage().contains("line 3"), error.getMessage());
        assertTrue(error.getMessage().contains("column 'b'"), error.getMessage());
        assertTrue(error.getMessage().contains("oops"), error.getMessage());
    }

    @Test
    void csvRejectsMissingValue() throws IOException {
        Path file = directory.resolve("gap.csv");
        Files.writeString(file, "a,b\n1,\n");
        PropertyException error =
                assertThrows(PropertyException.class, () -> new CsvDensitySource(file, List.of()));
        assertTrue(error.getMessage().contains("Missing value"), error.getMessage());
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
        assertTrue(error.getMessage().contains("column 'b'"), error.getMessage());
    }

    @Test
    void csvRejectsBlankLineBeforeLastRow() throws IOException {
        Path file = directory.resolve("blank.csv");
        Files.writeString(file, "x\n5.5\n\n6.5\n\n");
        PropertyException error =
                assertThrows(PropertyException.class, () -> new CsvDensitySource(file, List.of()));
        assertTrue(error.getMessage().contains("Blank line"), error.getMessage());
        assertTrue(error.getMessage().contains("line 3"), error.getMessage());
    }

    @Test
    void csvAcceptsTrailingBlankLines() throws IOException {
        Path file = directory.resolve("trailing.csv");
        Files.writeString(file, "x\n5.5\n6.5\n\n\n");
        assertEquals(2, new CsvDensitySource(file, List.of()).size());
    }

    @Test
    void csvRejectsExtraCell() throws IOException {
        Path file = directory.resolve("extra.csv");
        Files.writeString(file, "x\n6.0,\n");
        PropertyException error =
                assertThrows(PropertyException.class, () -> new CsvDensitySource(file, List.of()));
        assertTrue(error.getMessage().contains("2 cells"), error.getMessage());
        assertTrue(error.getMessage().contains("header has 1"), error.getMessage());
    }

    @Test
    void csvRejectsUnknownColumn() throws IOException {
        Path file = directory.resolve("data.csv");
        Files.writeString(file, "a,b\n1,2\n");
        PropertyException error =
                assertThrows(
                        PropertyException.class, () -> new CsvDensitySource(file, List.of("z")));
        assertTrue(error.getMessage().contains("'z'"), error.getMessage());
        assertFalse(error.getMessage().isBlank());
    }

    @Test
    void csvRejectsMissingFile() {
        Path file = directory.resolve("absent.csv");
        PropertyException error =
                assertThrows(PropertyException.class, () -> new CsvDensitySource(file, List.of()));
        assertTrue(error.getMessage().contains("absent.csv"), error.getMessage());
    }

    @Test
    void provenanceSurvivesMarshalling() throws IOException {
        Path file = directory.resolve("data.csv");
        Files.writeString(file, "a,b\n1,2\n");
        List<DataSourceProvenance> provenances =
                List.of(
                        new SyntheticDensitySource(6.0, 0.7, 10, 3L).getProvenance(),
                        new CsvDensitySource(file, List.of()).getProvenance());
        for (DataSourceProvenance provenance : provenances) {
            var marshalled = ProvenanceUtil.marshalProvenance(provenance);
            assertEquals(provenance, ProvenanceUtil.unmarshalProvenance(marshalled));
        }
    }
}
