// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.nn.AffineStandardization;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.nn.Tanh;
import org.cnflow.djl.training.AdamStage;
import org.cnflow.djl.training.LbfgsStage;

/**
 * Trains the example flows that {@link FlowZooProvider} ships and publishes them into the library's
 * resources, replacing the previous files. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -pl djl-cnf test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.cnflow.djl.zoo.ShippedFlowsGenerator -Dai.djl.offline=true
 * </pre>
 *
 * <p>An optional argument sets another repository root. Training is deterministic: the fields start
 * from DJL's default initializer under a fixed engine seed, and the trace is exact.
 */
public final class ShippedFlowsGenerator {

    /** The version under which the shipped flows are published. */
    static final String VERSION = "0.1.0";

    private ShippedFlowsGenerator() {}

    /**
     * Trains and publishes the shipped flows.
     *
     * @param args an optional repository root; the default is the library's resource folder
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Paths.get(args[0]) : defaultRoot();
        ai.djl.engine.Engine.getInstance().setRandomSeed(20260101);
        try (NDManager manager = NDManager.newBaseManager()) {
            long start = System.nanoTime();
            FfjordBlock normal = trainNormal(manager);
            System.out.printf("Trained %s in %.1f s%n", FlowZooProvider.NORMAL_1D, seconds(start));
            FlowExporter.publish(
                    normal,
                    root,
                    FlowZooProvider.NORMAL_1D,
                    VERSION,
                    "FFJORD flow fitted to 100 samples of Normal(6, 0.7): field 1 → 3 → 1 with"
                            + " tanh, time span (0, 10).");
            start = System.nanoTime();
            FfjordBlock faithful = trainOldFaithful(manager);
            System.out.printf(
                    "Trained %s in %.1f s%n", FlowZooProvider.OLD_FAITHFUL, seconds(start));
            FlowExporter.publish(
                    faithful,
                    root,
                    FlowZooProvider.OLD_FAITHFUL,
                    VERSION,
                    "FFJORD flow fitted to the 272 Old Faithful eruptions (eruption time and"
                            + " waiting time in minutes), standardized, field 2 → 16 → 2 with"
                            + " tanh, time span (0, 1).");
        }
        System.out.println("Published the shipped flows to " + root.toAbsolutePath());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static Path defaultRoot() {
        Path fromRepository = Paths.get("djl-cnf/src/main/resources");
        Path resources =
                Files.isDirectory(fromRepository)
                        ? fromRepository
                        : Paths.get("src/main/resources");
        return resources.resolve(FlowZooProvider.RESOURCE_ROOT);
    }

    /**
     * Trains the 1-D normal workload: Adam(0.1) for 100 iterations, then at most 20 L-BFGS
     * iterations.
     */
    static FfjordBlock trainNormal(NDManager manager) {
        NDArray x = ZooTesting.normalSamples(manager);
        FfjordBlock flow = ZooTesting.normalFlow(null);
        flow.initialize(manager, DataType.FLOAT32, x.getShape());
        ZooTesting.train(flow, x, List.of(AdamStage.of(0.1, 100), LbfgsStage.of(20)));
        return flow;
    }

    /** Trains a standardized 2-D flow on Old Faithful: Adam(0.05) for 100 iterations. */
    static FfjordBlock trainOldFaithful(NDManager manager) {
        float[][] rows = ZooTesting.oldFaithful();
        float[] values = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            values[2 * i] = rows[i][0];
            values[2 * i + 1] = rows[i][1];
        }
        NDArray x = manager.create(values, new Shape(rows.length, 2));
        double[] mean = new double[2];
        double[] scale = new double[2];
        for (int column = 0; column < 2; column++) {
            NDArray feature = x.get(":, " + column);
            mean[column] = feature.mean().getFloat();
            scale[column] = Math.sqrt(feature.sub(mean[column]).square().mean().getFloat());
        }
        FfjordBlock flow =
                FfjordBlock.builder()
                        .setVectorField(
                                FlowMlp.builder()
                                        .setInputSize(2)
                                        .optHiddenSizes(16)
                                        .optActivation(Tanh::new)
                                        .build())
                        .setDimension(2)
                        .optTimeSpan(0, 1)
                        .optStandardization(new AffineStandardization(mean, scale))
                        .build();
        flow.initialize(manager, DataType.FLOAT32, x.getShape());
        ZooTesting.train(flow, x, List.of(AdamStage.of(0.05, 100)));
        return flow;
    }
}
