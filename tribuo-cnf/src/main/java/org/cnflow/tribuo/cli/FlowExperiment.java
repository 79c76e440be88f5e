// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.cli;

import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.config.json.JsonConfigFactory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cnflow.tribuo.DensityEvaluation;
import org.cnflow.tribuo.DensityEvaluator;
import org.cnflow.tribuo.FfjordModel;
import org.cnflow.tribuo.LogDensity;
import org.cnflow.tribuo.data.CsvDensitySource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;

/**
 * Runs flow experiments from the command line: {@code train}, {@code evaluate}, {@code density},
 * {@code sample} and {@code export}, each parsed by OLCUT's {@link ConfigurationManager}.
 *
 * <p>{@code train -c FILE -o DIR} reads an XML or JSON configuration whose {@link ExperimentPlan}
 * component (named {@code experiment} unless {@code --experiment} names another) lists the trainer
 * and data; any component field can be overridden with {@code --@component.field value}. An invalid
 * request prints one line to standard error and returns status 2; {@code --debug} adds the stack
 * trace.
 */
public final class FlowExperiment {

    /** Status of a run that completed. */
    public static final int OK = 0;

    /** Status of a run rejected for invalid arguments, configuration or input files. */
    public static final int INVALID = 2;

    private static final String DEBUG_FLAG = "--debug";

    private static final List<String> OPERATIONS =
            List.of("train", "evaluate", "density", "sample", "export");

    static {
        ConfigurationManager.addFileFormatFactory(new JsonConfigFactory());
    }

    private FlowExperiment() {}

    /** Options of the {@code train} operation; {@code -c} comes from the configuration manager. */
    public static final class TrainOptions implements Options {
        /** Directory the run writes its model, reports and plots to. */
        @Option(charName = 'o', longName = "output-directory", usage = "Directory for outputs.")
        public Path outputDirectory;

        /** Name of the experiment component. */
        @Option(longName = "experiment", usage = "Name of the ExperimentPlan component.")
        public String experiment = "experiment";

        @Override
        public String getOptionsDescription() {
            return "Trains a flow as a configuration file describes and writes its outputs.";
        }
    }

    /** Options of the operations on a saved model. */
    public static final class ModelOptions implements Options {
        /** Saved model file. */
        @Option(charName = 'm', longName = "model", usage = "Saved model (Tribuo protobuf).")
        public Path model;

        /** Input CSV file. */
        @Option(charName = 'i', longName = "input", usage = "CSV file with the model's features.")
        public Path input;

        /** Output CSV file. */
        @Option(charName = 'o', longName = "output", usage = "Output CSV file.")
        public Path output;

        /** Number of samples. */
        @Option(charName = 'n', longName = "count", usage = "Number of points to sample.")
        public int count = 1000;

        /** Seed of the samples. */
        @Option(longName = "seed", usage = "Seed of the sampled points.")
        public long seed = 1L;

        @Override
        public String getOptionsDescription() {
            return "Evaluates, scores, samples from or exports a saved model.";
        }
    }

    /**
     * Parses the arguments and calls {@link #run(String[])}, then exits with its status.
     *
     * @param args the operation followed by its options
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs one operation in this JVM, writing progress to standard output and errors to standard
     * error.
     *
     * @param args the operation ({@code train}, {@code evaluate}, {@code density}, {@code sample}
     *     or {@code export}) followed by its options
     * @return {@link #OK}, or {@link #INVALID} if the arguments, configuration or files are invalid
     */
    public static int run(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean debug = rest.remove(DEBUG_FLAG);
        PrintStream err = System.err;
        if (rest.isEmpty() || !OPERATIONS.contains(rest.get(0))) {
            err.println(
                    "Usage: FlowExperiment {train|evaluate|density|sample|export} [options];"
                            + " got "
                            + (rest.isEmpty() ? "no operation" : "'" + rest.get(0) + "'"));
            return INVALID;
        }
        String operation = rest.remove(0);
        String[] operationArgs = rest.toArray(new String[0]);
        try {
            switch (operation) {
                case "train":
                    return train(operationArgs);
                case "evaluate":
                    return evaluate(operationArgs);
                case "density":
                    return density(operationArgs);
                case "sample":
                    return sample(operationArgs);
                default:
                    return export(operationArgs);
            }
        } catch (UsageException e) {
            System.out.println(e.getUsage());
            return OK;
        } catch (ClassCastException e) {
            // OLCUT 5.3 reads a single value given to a list property as a plain value and fails
            // with this exception while applying the override.
            err.println(
                    "Error: an --@ override gave one value to a list property; write the list"
                            + " with commas (for example --@trainer.hiddenSizes 8,8), or set a"
                            + " one-item list in the configuration file");
            if (debug) {
                e.printStackTrace(err);
            }
            return INVALID;
        } catch (ArgumentException
                | PropertyException
                | ConfigLoaderException
                | ExperimentException
                | IllegalArgumentException
                | IOException
                | UncheckedIOException e) {
            err.println("Error: " + oneLine(describe(e)));
            if (debug) {
                e.printStackTrace(err);
            }
            return INVALID;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return "file not found: " + missing.getFile();
        }
        if (e instanceof FileAlreadyExistsException existing) {
            return "cannot create "
                    + existing.getFile()
                    + ": a file of that name exists where a directory is needed";
        }
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof PropertyException property) {
            return property.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.toString() : message;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static int train(String[] args) throws IOException {
        TrainOptions options = new TrainOptions();
        if (!hasConfigFile(args)) {
            throw new ExperimentException(
                    "train requires a configuration file: add -c FILE (XML or JSON)");
        }
        try (ConfigurationManager manager = new ConfigurationManager(args, options)) {
            if (options.outputDirectory == null) {
                throw new ExperimentException(
                        "train requires an output directory: add -o DIRECTORY");
            }
            Object component;
            try {
                component = lookup(manager, options.experiment);
            } catch (PropertyException e) {
                throw new ExperimentException(configFile(args) + ": " + describe(e));
            }
            if (!(component instanceof ExperimentPlan plan)) {
                throw new ExperimentException(
                        "Component '"
                                + options.experiment
                                + "' is a "
                                + component.getClass().getName()
                                + ", expected "
                                + ExperimentPlan.class.getName());
            }
            String configName = Path.of(configFile(args)).getFileName().toString();
            new TrainingRun(plan, configName, options.outputDirectory).run();
            return OK;
        }
    }

    /** Looks a component up, rejecting an unknown name with the names the configuration has. */
    private static Object lookup(ConfigurationManager manager, String name) {
        if (!manager.getComponentNames().contains(name)) {
            throw new ExperimentException(
                    "Unknown component '"
                            + name
                            + "'; the configuration defines "
                            + manager.getComponentNames());
        }
        try {
            return manager.lookup(name);
        } catch (PropertyException e) {
            throw withComponent(manager, e);
        }
    }

    /**
     * Names the component of a property error. A component's own validation raises its errors
     * without its instance name, so the error goes to the components whose classes declare a
     * configurable field of that name.
     */
    private static PropertyException withComponent(
            ConfigurationManager manager, PropertyException error) {
        if (!error.getMessage().startsWith("Property:")) {
            return error;
        }
        List<String> owners = new ArrayList<>();
        for (String candidate : manager.getComponentNames()) {
            Object component;
            try {
                component = manager.lookup(candidate);
            } catch (RuntimeException other) {
                continue;
            }
            if (declaresConfigField(component.getClass(), error.getProperty())) {
                owners.add(candidate);
            }
        }
        if (owners.isEmpty()) {
            return error;
        }
        return new PropertyException(
                String.join(" or ", owners), error.getProperty(), error.getMsg());
    }

    private static boolean declaresConfigField(Class<?> type, String name) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Field field : current.getDeclaredFields()) {
                if (field.getName().equals(name) && field.isAnnotationPresent(Config.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasConfigFile(String[] args) {
        return configFile(args) != null;
    }

    private static String configFile(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("-c") || args[i].equals("--config-file")) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static ModelOptions parseModelOptions(String[] args, boolean needsInput) {
        ModelOptions options = new ModelOptions();
        try (ConfigurationManager manager = new ConfigurationManager(args, options)) {
            // Parsing fills the options; the operations use no configured components.
        }
        if (options.model == null) {
            throw new ExperimentException("Missing saved model: add -m MODEL_FILE");
        }
        if (needsInput && options.input == null) {
            throw new ExperimentException("Missing input CSV: add -i CSV_FILE");
        }
        return options;
    }

    /** Loads a saved model, rejecting files that hold another kind of model. */
    static FfjordModel loadModel(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new ExperimentException(
                    "Model path " + file + " is not a file: give the model.tribuo a run wrote");
        }
        Model<?> model;
        try {
            model = Model.deserializeFromFile(file);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ExperimentException(
                    "File " + file + " is not a Tribuo model: give the model.tribuo a run wrote",
                    e);
        } catch (IOException e) {
            throw new ExperimentException("Failed to load model file " + file + ": " + e, e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Tribuo wraps failures of a class's deserializeFromProto in IllegalStateException.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ExperimentException("Failed to load model file " + file + ": " + root, e);
        }
        if (!(model instanceof FfjordModel flow)) {
            throw new ExperimentException(
                    "Model file "
                            + file
                            + " holds a "
                            + model.getClass().getName()
                            + ", not an FfjordModel");
        }
        return flow;
    }

    private static int evaluate(String[] args) throws IOException {
        ModelOptions options = parseModelOptions(args, true);
        try (FfjordModel model = loadModel(options.model)) {
            CsvDensitySource source = new CsvDensitySource(options.input, model.getFeatureNames());
            DensityEvaluation evaluation = new DensityEvaluator().evaluate(model, source);
            System.out.printf(
                    Locale.ROOT,
                    "rows: %d%nnegative log-likelihood (nats): %.6f%nbits per dimension: %.6f%n",
                    source.size(),
                    evaluation.getNegativeLogLikelihood(),
                    evaluation.getBitsPerDimension());
        }
        return OK;
    }

    private static int density(String[] args) throws IOException {
        ModelOptions options = parseModelOptions(args, true);
        if (options.output == null) {
            throw new ExperimentException("Missing output CSV: add -o CSV_FILE");
        }
        try (FfjordModel model = loadModel(options.model)) {
            List<String> names = model.getFeatureNames();
            CsvDensitySource source = new CsvDensitySource(options.input, names);
            List<Prediction<LogDensity>> predictions = model.predict(source);
            List<String> header = new ArrayList<>(names);
            header.add("log_density");
            try (BufferedWriter out = newWriter(options.output)) {
                out.write(String.join(",", header));
                out.newLine();
                for (Prediction<LogDensity> prediction : predictions) {
                    out.write(row(prediction.getExample(), names));
                    out.write(",");
                    out.write(Double.toString(prediction.getOutput().getValue()));
                    out.newLine();
                }
            }
            System.out.println(
                    "Wrote the log-densities of "
                            + predictions.size()
                            + " rows to "
                            + options.output);
        }
        return OK;
    }

    private static int sample(String[] args) throws IOException {
        ModelOptions options = parseModelOptions(args, false);
        if (options.output == null) {
            throw new ExperimentException("Missing output CSV: add -o CSV_FILE");
        }
        if (options.count <= 0) {
            throw new ExperimentException(
                    "The sample count must be positive, got " + options.count);
        }
        try (FfjordModel model = loadModel(options.model)) {
            List<String> names = model.getFeatureNames();
            List<Example<LogDensity>> samples = model.sample(options.count, options.seed);
            try (BufferedWriter out = newWriter(options.output)) {
                out.write(String.join(",", names));
                out.newLine();
                for (Example<LogDensity> example : samples) {
                    out.write(row(example, names));
                    out.newLine();
                }
            }
            System.out.println("Wrote " + samples.size() + " samples to " + options.output);
        }
        return OK;
    }

    private static int export(String[] args) throws IOException {
        ModelOptions options = parseModelOptions(args, false);
        if (options.output == null) {
            throw new ExperimentException("Missing output directory: add -o DIRECTORY");
        }
        try (FfjordModel model = loadModel(options.model)) {
            Path directory = model.exportToDjl(options.output);
            System.out.println(
                    "Exported the flow as a DJL model directory: "
                            + directory
                            + " (features "
                            + String.join(", ", model.getFeatureNames())
                            + ")");
        }
        return OK;
    }

    private static BufferedWriter newWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static String row(Example<LogDensity> example, List<String> names) {
        double[] values = new double[names.size()];
        for (Feature feature : example) {
            int index = names.indexOf(feature.getName());
            if (index >= 0) {
                values[index] = feature.getValue();
            }
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < values.length; j++) {
            if (j > 0) {
                text.append(',');
            }
            text.append(values[j]);
        }
        return text.toString();
    }

    /** An invalid request that the program reports in one line. */
    static final class ExperimentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExperimentException(String message) {
            super(message);
        }

        ExperimentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
