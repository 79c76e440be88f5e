// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.cli;

import com.google.gson.GsonBuilder;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.cnflow.tribuo.DensityEvaluator;
import org.cnflow.tribuo.FfjordModel;
import org.cnflow.tribuo.LogDensity;
import org.cnflow.tribuo.LogDensityFactory;
import org.cnflow.tribuo.data.SyntheticDensitySource;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * One {@code train} operation: loads the data, trains the flow, and writes the model, {@code
 * report.json}, {@code provenance.json} and the plots to the output directory.
 */
final class TrainingRun {

    /** File name of the saved model in the output directory. */
    static final String MODEL_FILE = "model.tribuo";

    private final ExperimentPlan plan;
    private final String configName;
    private final Path outputDirectory;

    TrainingRun(ExperimentPlan plan, String configName, Path outputDirectory) {
        this.plan = plan;
        this.configName = configName;
        this.outputDirectory = outputDirectory;
    }

    /** A stage's numbers as the model's provenance records them. */
    private record Stage(
            String optimizer,
            String status,
            int iterations,
            double loss,
            double seconds,
            int lossEvaluations,
            long solverEvaluations,
            List<Double> losses) {}

    void run() throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(outputDirectory);

        MutableDataset<LogDensity> all = new MutableDataset<>(plan.trainingSource());
        Dataset<LogDensity> training;
        Dataset<LogDensity> test;
        if (plan.testSource() != null) {
            training = all;
            test = new MutableDataset<>(plan.testSource());
        } else if (plan.testFraction() > 0) {
            List<Dataset<LogDensity>> split = split(all, plan.testFraction(), plan.splitSeed());
            training = split.get(0);
            test = split.get(1);
        } else {
            training = all;
            test = null;
        }
        System.out.printf(
                Locale.ROOT,
                "Experiment %s: %d training rows, %s test rows, trainer %s%n",
                configName,
                training.size(),
                test == null ? "no" : Integer.toString(test.size()),
                plan.trainer());

        Map<String, Provenance> runProvenance = new LinkedHashMap<>();
        runProvenance.put("experiment", new StringProvenance("experiment", configName));
        // NOTE: FfjordTrainer accepts no iteration listener, so the console shows each stage's
        // report only after training, with no per-iteration progress or remaining-time estimate.
        try (FfjordModel model = plan.trainer().train(training, runProvenance)) {
            List<Stage> stages = stages(model);
            for (int s = 0; s < stages.size(); s++) {
                Stage stage = stages.get(s);
                System.out.printf(
                        Locale.ROOT,
                        "Stage %d %s: %s after %d iterations, loss %.6f, %d loss evaluations,"
                                + " %d solver evaluations, %.2f s%n",
                        s + 1,
                        stage.optimizer(),
                        stage.status(),
                        stage.iterations(),
                        stage.loss(),
                        stage.lossEvaluations(),
                        stage.solverEvaluations(),
                        stage.seconds());
            }

            DensityEvaluator evaluator = new DensityEvaluator();
            double trainNll = evaluator.evaluate(model, training).getNegativeLogLikelihood();
            double[][] trainingRows = rows(training, model.getFeatureNames());
            GaussianBaseline baseline = GaussianBaseline.fit(trainingRows);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("experiment", configName);
            report.put("stages", stageMaps(stages));
            report.put("train_nll", trainNll);
            report.put(
                    "gaussian_baseline_train_nll",
                    baseline.meanNegativeLogLikelihood(trainingRows));
            System.out.printf(
                    Locale.ROOT,
                    "train NLL %.6f nats (Gaussian baseline %.6f)%n",
                    trainNll,
                    report.get("gaussian_baseline_train_nll"));
            if (test != null) {
                double testNll = evaluator.evaluate(model, test).getNegativeLogLikelihood();
                double baselineTest =
                        baseline.meanNegativeLogLikelihood(rows(test, model.getFeatureNames()));
                report.put("test_nll", testNll);
                report.put("gaussian_baseline_test_nll", baselineTest);
                System.out.printf(
                        Locale.ROOT,
                        "test NLL %.6f nats (Gaussian baseline %.6f)%n",
                        testNll,
                        baselineTest);
            }

            model.serializeToFile(outputDirectory.resolve(MODEL_FILE));
            new JsonProvenanceSerialization(true)
                    .serializeToFile(
                            ProvenanceUtil.marshalProvenance(model.getProvenance()),
                            outputDirectory.resolve("provenance.json"));
            writePlots(model, trainingRows, stages);
            report.put("seconds", (System.nanoTime() - start) / 1e9);
            try (Writer out =
                    Files.newBufferedWriter(
                            outputDirectory.resolve("report.json"), StandardCharsets.UTF_8)) {
                new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(report, out);
            }
            System.out.println("Wrote the model, reports and plots to " + outputDirectory);
        }
    }

    private void writePlots(FfjordModel model, double[][] trainingRows, List<Stage> stages)
            throws IOException {
        List<String> names = model.getFeatureNames();
        if (names.size() == 1) {
            double[] data = new double[trainingRows.length];
            for (int i = 0; i < data.length; i++) {
                data[i] = trainingRows[i][0];
            }
            SyntheticDensitySource truth =
                    plan.trainingSource() instanceof SyntheticDensitySource synthetic
                            ? synthetic
                            : null;
            ExperimentPlots.density1d(
                    outputDirectory.resolve("density.png"),
                    data,
                    grid -> {
                        double[][] points = new double[grid.length][];
                        for (int i = 0; i < grid.length; i++) {
                            points[i] = new double[] {grid[i]};
                        }
                        return logDensities(model, names, points);
                    },
                    truth == null ? null : x -> truth.logDensity(new double[] {x}));
        } else if (names.size() == 2) {
            ExperimentPlots.density2d(
                    outputDirectory.resolve("density.png"),
                    trainingRows,
                    names,
                    points -> logDensities(model, names, points));
        }
        List<String> optimizers = new ArrayList<>();
        List<List<Double>> losses = new ArrayList<>();
        for (Stage stage : stages) {
            optimizers.add(stage.optimizer());
            losses.add(stage.losses());
        }
        ExperimentPlots.lossCurve(outputDirectory.resolve("loss.png"), optimizers, losses);
    }

    private static double[] logDensities(FfjordModel model, List<String> names, double[][] points) {
        String[] featureNames = names.toArray(new String[0]);
        List<Example<LogDensity>> examples = new ArrayList<>(points.length);
        for (double[] point : points) {
            examples.add(new ArrayExample<>(LogDensity.UNKNOWN, featureNames, point));
        }
        List<Prediction<LogDensity>> predictions = model.predict(examples);
        double[] values = new double[points.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = predictions.get(i).getOutput().getValue();
        }
        return values;
    }

    /** Shuffles the examples with the seed and holds out the given share as test data. */
    static List<Dataset<LogDensity>> split(
            Dataset<LogDensity> data, double testFraction, long seed) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int testCount = (int) Math.round(testFraction * order.length);
        if (testCount == 0 || testCount == order.length) {
            throw new IllegalArgumentException(
                    "A test fraction of "
                            + testFraction
                            + " of "
                            + order.length
                            + " rows leaves no test or no training rows; change testFraction");
        }
        List<Example<LogDensity>> training = new ArrayList<>();
        List<Example<LogDensity>> test = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < testCount ? test : training).add(data.getExample(order[i]));
        }
        LogDensityFactory factory = new LogDensityFactory();
        String description = data.getSourceDescription();
        return List.of(
                new MutableDataset<>(
                        training,
                        new SimpleDataSourceProvenance(
                                "training split (seed " + seed + ") of " + description, factory),
                        factory),
                new MutableDataset<>(
                        test,
                        new SimpleDataSourceProvenance(
                                "test split (seed " + seed + ") of " + description, factory),
                        factory));
    }

    private static double[][] rows(Dataset<LogDensity> dataset, List<String> names) {
        double[][] rows = new double[dataset.size()][names.size()];
        for (int i = 0; i < dataset.size(); i++) {
            Example<LogDensity> example = dataset.getExample(i);
            for (int j = 0; j < names.size(); j++) {
                var feature = example.lookup(names.get(j));
                rows[i][j] = feature == null ? 0.0 : feature.getValue();
            }
        }
        return rows;
    }

    /** Reads the stage reports that FfjordTrainer records in the model's instance provenance. */
    private static List<Stage> stages(FfjordModel model) {
        List<Stage> stages = new ArrayList<>();
        Provenance recorded = model.getProvenance().getInstanceProvenance().getMap().get("stages");
        if (!(recorded instanceof ListProvenance<?> list)) {
            return stages;
        }
        for (Provenance entry : list) {
            Map<String, ? extends Provenance> fields = ((MapProvenance<?>) entry).getMap();
            List<Double> losses = new ArrayList<>();
            if (fields.get("losses") instanceof ListProvenance<?> lossList) {
                for (Provenance loss : lossList) {
                    losses.add(number(loss));
                }
            }
            stages.add(
                    new Stage(
                            text(fields.get("optimizer")),
                            text(fields.get("status")),
                            (int) number(fields.get("iterations")),
                            number(fields.get("finalLoss")),
                            number(fields.get("seconds")),
                            (int) number(fields.get("lossEvaluations")),
                            (long) number(fields.get("forwardEvaluations"))
                                    + (long) number(fields.get("backwardEvaluations")),
                            losses));
        }
        return stages;
    }

    private static List<Map<String, Object>> stageMaps(List<Stage> stages) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Stage stage : stages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("optimizer", stage.optimizer());
            map.put("status", stage.status());
            map.put("iterations", stage.iterations());
            map.put("loss", stage.loss());
            map.put("seconds", stage.seconds());
            map.put("loss_evaluations", stage.lossEvaluations());
            map.put("solver_evaluations", stage.solverEvaluations());
            maps.add(map);
        }
        return maps;
    }

    private static String text(Provenance provenance) {
        return provenance instanceof PrimitiveProvenance<?> primitive
                ? String.valueOf(primitive.getValue())
                : "";
    }

    /** Reads a number that FfjordTrainer stored as a number, or as text when it is not finite. */
    private static double number(Provenance provenance) {
        if (provenance instanceof PrimitiveProvenance<?> primitive) {
            Object value = primitive.getValue();
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            return Double.parseDouble(value.toString());
        }
        return Double.NaN;
    }
}
