// SPDX-License-Identifier: Apache-2.0
package org.cnflow.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.cnflow.djl.zoo.FlowTranslatorFactory;
import org.cnflow.tribuo.FfjordModel;
import org.cnflow.tribuo.LogDensity;
import org.cnflow.tribuo.cli.FlowExperiment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;

/**
 * Runs the experiments in the repository's {@code experiments/} folder through {@link
 * FlowExperiment#run(String[])} once each and checks what they write.
 */
class FlowExperimentIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path EXPERIMENTS = ROOT.resolve("experiments");
    private static final String FAITHFUL_CSV =
            EXPERIMENTS.resolve("data/old-faithful.csv").toString();
    private static final List<String> OUTPUTS =
            List.of("model.tribuo", "report.json", "provenance.json", "density.png", "loss.png");

    @TempDir static Path output;

    private static int normalStatus;
    private static int faithfulStatus;
    private static JsonObject normalReport;
    private static JsonObject faithfulReport;
    private static JsonObject shortXmlReport;
    private static JsonObject shortJsonReport;

    @BeforeAll
    static void runExperiments() throws IOException {
        normalStatus =
                FlowExperiment.run(
                        new String[] {
                            "train",
                            "-c",
                            EXPERIMENTS.resolve("normal-1d.xml").toString(),
                            "-o",
                            output.resolve("normal-1d").toString()
                        });
        faithfulStatus = trainFaithful("old-faithful.xml", "old-faithful");
        normalReport = report("normal-1d");
        faithfulReport = report("old-faithful");

        // The twins run with the same short schedule, so their losses must agree exactly.
        trainFaithful("old-faithful.xml", "short-xml", "--@trainer.iterations", "5");
        trainFaithful("old-faithful.json", "short-json", "--@trainer.iterations", "5");
        shortXmlReport = report("short-xml");
        shortJsonReport = report("short-json");
    }

    private static int trainFaithful(String config, String directory, String... extra) {
        List<String> args = new ArrayList<>();
        args.add("train");
        args.add("-c");
        args.add(EXPERIMENTS.resolve(config).toString());
        args.add("-o");
        args.add(output.resolve(directory).toString());
        args.add("--@faithful.path");
        args.add(FAITHFUL_CSV);
        args.addAll(List.of(extra));
        return FlowExperiment.run(args.toArray(new String[0]));
    }

    private static JsonObject report(String directory) throws IOException {
        Path file = output.resolve(directory).resolve("report.json");
        if (!Files.exists(file)) {
            return null;
        }
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void experimentsSucceed() {
        assertEquals(FlowExperiment.OK, normalStatus, "normal-1d.xml status");
        assertEquals(FlowExperiment.OK, faithfulStatus, "old-faithful.xml status");
    }

    @Test
    void everyOutputExists() {
        for (String directory : List.of("normal-1d", "old-faithful")) {
            for (String name : OUTPUTS) {
                Path file = output.resolve(directory).resolve(name);
                assertTrue(Files.isRegularFile(file), file + " is missing");
                assertTrue(file.toFile().length() > 0, file + " is empty");
            }
        }
    }

    @Test
    void plotsDecodeAsImages() throws IOException {
        for (String directory : List.of("normal-1d", "old-faithful")) {
            for (String name : List.of("density.png", "loss.png")) {
                BufferedImage image =
                        ImageIO.read(output.resolve(directory).resolve(name).toFile());
                assertNotNull(image, directory + "/" + name + " does not decode");
                assertTrue(image.getWidth() > 100, directory + "/" + name + " width");
                assertTrue(image.getHeight() > 100, directory + "/" + name + " height");
            }
        }
    }

    @Test
    void reportsHaveEveryKey() {
        assertNotNull(normalReport, "normal-1d report.json");
        assertNotNull(faithfulReport, "old-faithful report.json");
        for (String key :
                List.of(
                        "experiment",
                        "stages",
                        "train_nll",
                        "gaussian_baseline_train_nll",
                        "seconds")) {
            assertTrue(normalReport.has(key), "normal-1d report lacks " + key);
            assertTrue(faithfulReport.has(key), "old-faithful report lacks " + key);
        }
        assertTrue(faithfulReport.has("test_nll"), "old-faithful report lacks test_nll");
        assertTrue(
                faithfulReport.has("gaussian_baseline_test_nll"),
                "old-faithful report lacks gaussian_baseline_test_nll");
        assertEquals("normal-1d.xml", normalReport.get("experiment").getAsString());
        assertEquals("old-faithful.xml", faithfulReport.get("experiment").getAsString());
    }

    @Test
    void stagesHaveEveryKey() {
        JsonArray stages = normalReport.getAsJsonArray("stages");
        assertEquals(2, stages.size(), "normal-1d runs Adam then L-BFGS");
        assertEquals("Adam", stages.get(0).getAsJsonObject().get("optimizer").getAsString());
        assertEquals("L-BFGS", stages.get(1).getAsJsonObject().get("optimizer").getAsString());
        for (JsonElement element : stages) {
            JsonObject stage = element.getAsJsonObject();
            for (String key :
                    List.of(
                            "optimizer",
                            "status",
                            "iterations",
                            "loss",
                            "seconds",
                            "loss_evaluations",
                            "solver_evaluations")) {
                assertTrue(stage.has(key), "stage lacks " + key + ": " + stage);
            }
            assertTrue(stage.get("solver_evaluations").getAsLong() > 0, "solver evaluations");
        }
    }

    @Test
    void normalMatchesGaussianBaseline() {
        double flow = normalReport.get("train_nll").getAsDouble();
        double baseline = normalReport.get("gaussian_baseline_train_nll").getAsDouble();
        assertTrue(
                flow <= baseline + 0.05,
                "train NLL " + flow + " exceeds the Gaussian baseline " + baseline + " + 0.05");
    }

    @Test
    void oldFaithfulBeatsGaussianBaseline() {
        double flow = faithfulReport.get("test_nll").getAsDouble();
        double baseline = faithfulReport.get("gaussian_baseline_test_nll").getAsDouble();
        assertTrue(
                flow <= baseline - 0.15,
                "test NLL " + flow + " is not 0.15 below the Gaussian baseline " + baseline);
    }

    @Test
    void xmlAndJsonTwinsAgree() {
        assertNotNull(shortXmlReport, "short XML run report.json");
        assertNotNull(shortJsonReport, "short JSON run report.json");
        JsonArray xmlStages = shortXmlReport.getAsJsonArray("stages");
        JsonArray jsonStages = shortJsonReport.getAsJsonArray("stages");
        assertEquals(xmlStages.size(), jsonStages.size(), "stage count");
        for (int s = 0; s < xmlStages.size(); s++) {
            assertEquals(
                    xmlStages.get(s).getAsJsonObject().get("loss").getAsDouble(),
                    jsonStages.get(s).getAsJsonObject().get("loss").getAsDouble(),
                    0.0,
                    "final loss of stage " + (s + 1));
        }
        for (String key : List.of("train_nll", "test_nll")) {
            assertEquals(
                    shortXmlReport.get(key).getAsDouble(),
                    shortJsonReport.get(key).getAsDouble(),
                    0.0,
                    key);
        }
    }

    @Test
    void invalidRequestsPrintOneLine() {
        String config = EXPERIMENTS.resolve("normal-1d.xml").toString();
        String out = output.resolve("rejected").toString();
        List<String[]> cases =
                List.of(
                        new String[] {"train", "-c", "no-such-file.xml", "-o", out},
                        new String[] {"train", "-c", config, "-o", out, "--experiment", "nope"},
                        new String[] {
                            "train", "-c", config, "-o", out, "--@trainer.iterations", "many"
                        },
                        new String[] {
                            "train", "-c", config, "-o", out, "--@trainer.learningRate", "-1"
                        },
                        new String[] {
                            "train", "-c", config, "-o", out, "--@normal.numSamples", "0"
                        },
                        new String[] {"evaluate", "-m", "no-such-model.tribuo", "-i", config},
                        new String[] {"evaluate", "-m", config, "-i", config});
        List<String> expectedNames =
                List.of(
                        "no-such-file.xml",
                        "nope",
                        "iterations",
                        "normal-1d.xml: Component: trainer, Property: learningRate",
                        "Component: normal, Property: numSamples",
                        "no-such-model.tribuo",
                        "is not a Tribuo model");
        for (int c = 0; c < cases.size(); c++) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.err;
            int status;
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                status = FlowExperiment.run(cases.get(c));
            } finally {
                System.setErr(original);
            }
            String message = captured.toString(StandardCharsets.UTF_8).strip();
            assertEquals(FlowExperiment.INVALID, status, "status of case " + c + ": " + message);
            assertEquals(1, message.lines().count(), "lines of case " + c + ": " + message);
            assertTrue(
                    message.contains(expectedNames.get(c)),
                    "case " + c + " does not name " + expectedNames.get(c) + ": " + message);
        }
    }

    /** Checks that a saved model loads, so the saved-model operations below have a model. */
    private static void checkModelLoads(Path file) {
        String failure = null;
        try (FfjordModel model = (FfjordModel) Model.deserializeFromFile(file)) {
            assertTrue(model.getDimension() > 0);
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        }
        assertNull(failure, "saved model " + file + " does not load");
    }

    @Test
    void sampleWritesRequestedPoints() throws IOException {
        Path model = output.resolve("normal-1d/model.tribuo");
        checkModelLoads(model);
        Path first = output.resolve("samples-1.csv");
        Path second = output.resolve("samples-2.csv");
        for (Path file : List.of(first, second)) {
            int status =
                    FlowExperiment.run(
                            new String[] {
                                "sample",
                                "-m",
                                model.toString(),
                                "-n",
                                "50",
                                "--seed",
                                "4",
                                "-o",
                                file.toString()
                            });
            assertEquals(FlowExperiment.OK, status, "sample status");
        }
        List<String> lines = Files.readAllLines(first);
        assertEquals("x", lines.get(0), "header");
        assertEquals(51, lines.size(), "header and 50 points");
        assertEquals(lines, Files.readAllLines(second), "same seed, same points");
    }

    @Test
    void densityWritesEveryRow() throws IOException {
        Path model = output.resolve("old-faithful/model.tribuo");
        checkModelLoads(model);
        Path file = output.resolve("faithful-density.csv");
        int status =
                FlowExperiment.run(
                        new String[] {
                            "density",
                            "-m",
                            model.toString(),
                            "-i",
                            FAITHFUL_CSV,
                            "-o",
                            file.toString()
                        });
        assertEquals(FlowExperiment.OK, status, "density status");
        List<String> lines = Files.readAllLines(file);
        assertEquals("eruptions,waiting,log_density", lines.get(0), "header");
        assertEquals(273, lines.size(), "header and 272 rows");
        for (String line : lines.subList(1, lines.size())) {
            double logDensity = Double.parseDouble(line.split(",")[2]);
            assertTrue(Double.isFinite(logDensity), "log-density in " + line);
        }
    }

    @Test
    void evaluatePrintsNllAndBits() {
        Path model = output.resolve("old-faithful/model.tribuo");
        checkModelLoads(model);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int status;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status =
                    FlowExperiment.run(
                            new String[] {"evaluate", "-m", model.toString(), "-i", FAITHFUL_CSV});
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertEquals(FlowExperiment.OK, status, "evaluate status: " + printed);
        assertTrue(printed.contains("rows: 272"), printed);
        assertTrue(printed.contains("negative log-likelihood (nats)"), printed);
        assertTrue(printed.contains("bits per dimension"), printed);
    }

    @Test
    void exportWritesLoadableDjlModel() throws Exception {
        Path model = output.resolve("normal-1d/model.tribuo");
        Path directory = output.resolve("normal-1d-djl");
        int status =
                FlowExperiment.run(
                        new String[] {
                            "export", "-m", model.toString(), "-o", directory.toString()
                        });
        assertEquals(FlowExperiment.OK, status, "export status");
        float[][] rows = {{5.0f}, {6.0f}, {7.0f}};
        float[] expected = new float[rows.length];
        try (FfjordModel saved = (FfjordModel) Model.deserializeFromFile(model)) {
            List<Prediction<LogDensity>> predictions =
                    saved.predict(List.of(point(saved, 5.0), point(saved, 6.0), point(saved, 7.0)));
            for (int i = 0; i < rows.length; i++) {
                expected[i] = (float) predictions.get(i).getOutput().getValue();
            }
        }
        Criteria<float[][], float[]> criteria =
                Criteria.builder()
                        .setTypes(float[][].class, float[].class)
                        .optModelPath(directory)
                        .optTranslatorFactory(new FlowTranslatorFactory())
                        .build();
        try (ZooModel<float[][], float[]> loaded = criteria.loadModel();
                Predictor<float[][], float[]> predictor = loaded.newPredictor()) {
            assertArrayEquals(expected, predictor.predict(rows), 1e-6f);
        }
    }

    private static Example<LogDensity> point(FfjordModel model, double value) {
        return new ArrayExample<>(
                LogDensity.UNKNOWN,
                new String[] {model.getFeatureNames().get(0)},
                new double[] {value});
    }
}
