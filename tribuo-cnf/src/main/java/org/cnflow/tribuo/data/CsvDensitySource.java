// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cnflow.tribuo.LogDensity;
import org.cnflow.tribuo.LogDensityFactory;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.DataSourceProvenance;

/**
 * Reads density examples from a CSV file with a header row; every example has the unknown output.
 *
 * <p>Fields are separated by commas and may be enclosed in double quotes. The features are the
 * columns named in {@code columns}, or every column when none are named. Every value in a feature
 * column must be a finite number: an empty or non-numeric value is rejected with its row and
 * column.
 */
public final class CsvDensitySource implements ConfigurableDataSource<LogDensity> {

    @Config(mandatory = true, description = "Path of the CSV file.")
    private Path path;

    @Config(description = "Names of the feature columns; empty uses every column.")
    private List<String> columns = new ArrayList<>();

    private final LogDensityFactory factory = new LogDensityFactory();
    private List<Example<LogDensity>> examples;
    private List<String> featureNames;
    private OffsetDateTime creationTime;
    private OffsetDateTime modifiedTime;
    private String contentHash;

    /**
     * Constructs an unconfigured source for OLCUT; configuration then calls {@link #postConfig}.
     */
    private CsvDensitySource() {}

    /**
     * Reads a CSV file.
     *
     * @param path the file
     * @param columns the feature columns, or an empty list for every column
     * @throws PropertyException if the file cannot be read, a column is missing or a value is not a
     *     finite number
     */
    public CsvDensitySource(Path path, List<String> columns) {
        this.path = path;
        this.columns = new ArrayList<>(columns);
        postConfig();
    }

    /**
     * Reads and validates the file.
     *
     * @throws PropertyException naming the file, and the row and column of an invalid value
     */
    @Override
    public void postConfig() {
        if (path == null) {
            throw new PropertyException("", "path", "path must be set");
        }
        try {
            read(Files.readAllLines(path, StandardCharsets.UTF_8));
            modifiedTime =
                    OffsetDateTime.ofInstant(
                            Files.getLastModifiedTime(path).toInstant(), ZoneOffset.UTC);
            contentHash = ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, path);
        } catch (NoSuchFileException e) {
            throw new PropertyException("", "path", "CSV file not found: " + path);
        } catch (IOException e) {
            throw new PropertyException(
                    e, "", "path", "Failed to read CSV file " + path + ": " + e);
        }
        creationTime = OffsetDateTime.now();
    }

    private void read(List<String> lines) {
        if (lines.isEmpty()) {
            throw new PropertyException("", "path", "CSV file " + path + " is empty");
        }
        List<String> header = split(lines.get(0));
        List<String> selected = columns.isEmpty() ? header : columns;
        int[] indices = new int[selected.size()];
        for (int j = 0; j < selected.size(); j++) {
            indices[j] = header.indexOf(selected.get(j));
            if (indices[j] < 0) {
                throw new PropertyException(
                        "",
                        "columns",
                        "Column '"
                                + selected.get(j)
                                + "' not found in "
                                + path
                                + "; its columns are "
                                + header);
            }
        }
        String[] names = selected.toArray(new String[0]);
        List<Example<LogDensity>> rows = new ArrayList<>();
        // Blank lines may close the file. A blank line before the last row is rejected, because in
        // a one-column file it is a row whose value is missing.
        int last = lines.size() - 1;
        while (last > 0 && lines.get(last).isBlank()) {
            last--;
        }
        for (int line = 1; line <= last; line++) {
            if (lines.get(line).isBlank()) {
                throw new PropertyException(
                        "",
                        "path",
                        "Blank line in "
                                + path
                                + " at line "
                                + (line + 1)
                                + " (data row "
                                + line
                                + "): every row needs a value in every column");
            }
            List<String> fields = split(lines.get(line));
            if (fields.size() != header.size()) {
                throw new PropertyException(
                        "",
                        "path",
                        "Row at line "
                                + (line + 1)
                                + " of "
                                + path
                                + " has "
                                + fields.size()
                                + " cells but the header has "
                                + header.size());
            }
            double[] values = new double[indices.length];
            for (int j = 0; j < indices.length; j++) {
                String text = fields.get(indices[j]).trim();
                values[j] = parse(text, line + 1, names[j]);
            }
            rows.add(new ArrayExample<>(LogDensity.UNKNOWN, names, values));
        }
        featureNames = List.of(names);
        examples = Collections.unmodifiableList(rows);
    }

    private double parse(String text, int lineNumber, String column) {
        if (text.isEmpty()) {
            throw new PropertyException(
                    "",
                    "path",
                    "Missing value in "
                            + path
                            + " at line "
                            + lineNumber
                            + " (data row "
                            + (lineNumber - 1)
                            + "), column '"
                            + column
                            + "'");
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw new PropertyException(
                    "",
                    "path",
                    "Invalid value '"
                            + text
                            + "' in "
                            + path
                            + " at line "
                            + lineNumber
                            + " (data row "
                            + (lineNumber - 1)
                            + "), column '"
                            + column
                            + "': expected a finite number");
        }
        return value;
    }

    /** Splits a CSV line at commas outside double quotes and removes the quotes. */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * Returns the feature names in column order.
     *
     * @return the names
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * Returns the number of examples read.
     *
     * @return the number of data rows
     */
    public int size() {
        return examples.size();
    }

    @Override
    public OutputFactory<LogDensity> getOutputFactory() {
        return factory;
    }

    @Override
    public DataSourceProvenance getProvenance() {
        Map<String, PrimitiveProvenance<?>> instance =
                Map.of(
                        DataSourceProvenance.DATASOURCE_CREATION_TIME,
                        new DateTimeProvenance(
                                DataSourceProvenance.DATASOURCE_CREATION_TIME, creationTime),
                        DataSourceProvenance.FILE_MODIFIED_TIME,
                        new DateTimeProvenance(
                                DataSourceProvenance.FILE_MODIFIED_TIME, modifiedTime),
                        DataSourceProvenance.RESOURCE_HASH,
                        new HashProvenance(
                                ProvenanceUtil.HashType.SHA256,
                                DataSourceProvenance.RESOURCE_HASH,
                                contentHash));
        return new DensitySourceProvenance(this, instance);
    }

    @Override
    public Iterator<Example<LogDensity>> iterator() {
        return examples.iterator();
    }

    @Override
    public String toString() {
        return "CsvDensitySource(path=" + path + ", columns=" + featureNames + ")";
    }
}
