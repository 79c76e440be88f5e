// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.cnflow.djl.nn.FlowMlp;
import org.cnflow.djl.ode.OdeSolver;

/**
 * Runs 50 warm-up passes and then 500 measured passes of one flow operation, and prints the live
 * arrays and resident memory before and after the measured passes.
 *
 * <p>{@link FfjordMemoryTest} runs this class in a JVM of its own with a fixed Java heap touched at
 * startup, so that resident memory moves only with native memory. Output lines have the form {@code
 * mode arraysBefore arraysAfter kilobytesBefore kilobytesAfter}.
 */
final class FlowMemoryProbe {

    static final int WARM_UP_PASSES = 50;
    static final int MEASURED_PASSES = Integer.getInteger("probe.passes", 500);

    private FlowMemoryProbe() {}

    /**
     * Measures each mode named in {@code args}: {@code autograd} and {@code forward} compute
     * log-densities on the two trace paths, {@code backprop} and {@code adjoint} compute gradients.
     *
     * @param args the modes to measure
     */
    public static void main(String[] args) {
        for (String mode : args) {
            try (NDManager manager = NDManager.newBaseManager()) {
                FfjordBlock flow = flow(manager, mode);
                NDArray x = points(manager);
                Consumer<NDArray> pass =
                        mode.equals("backprop") || mode.equals("adjoint")
                                ? batch -> flow.computeGradients(batch, 0)
                                : batch -> flow.logDensity(batch).close();
                for (int i = 0; i < WARM_UP_PASSES; i++) {
                    pass.accept(x);
                }
                int arraysBefore = manager.getManagedArrays().size();
                long residentBefore = ResidentMemory.kilobytes();
                for (int i = 0; i < MEASURED_PASSES; i++) {
                    pass.accept(x);
                }
                int arraysAfter = manager.getManagedArrays().size();
                long residentAfter = ResidentMemory.kilobytes();
                System.out.println(
                        mode
                                + " "
                                + arraysBefore
                                + " "
                                + arraysAfter
                                + " "
                                + residentBefore
                                + " "
                                + residentAfter);
            }
        }
    }

    private static FfjordBlock flow(NDManager manager, String mode) {
        if (mode.equals("autograd")) {
            return FfjordBlockBehaviourTest.smallFlow(manager, 2, OdeSolver.builder().build());
        }
        FfjordBlock flow =
                FfjordBlock.builder()
                        .setVectorField(
                                FlowMlp.builder()
                                        .setInputSize(2)
                                        .optHiddenSizes(16)
                                        .optTimeDependent(true)
                                        .build())
                        .setDimension(2)
                        .optTimeDependent(true)
                        .optGradientMode(
                                mode.equals("adjoint")
                                        ? GradientMode.ADJOINT
                                        : GradientMode.BACKPROP)
                        .build();
        flow.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
        FfjordBlockBehaviourTest.randomize(flow.getVectorField(), new SplittableRandom(31), 0.3);
        return flow;
    }

    private static NDArray points(NDManager manager) {
        double[] values = new double[200];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        return manager.create(values, new Shape(100, 2));
    }
}
