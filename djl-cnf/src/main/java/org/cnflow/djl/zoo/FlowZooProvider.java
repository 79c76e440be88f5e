// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;
import java.util.List;

/**
 * Registers the zoo of shipped example flows, group id {@value FlowModelZoo#GROUP_ID}, with DJL
 * through {@code META-INF/services/ai.djl.repository.zoo.ZooProvider}.
 *
 * <p>The flows' files live in this library's resources under {@value #RESOURCE_ROOT}, so loading
 * them needs no network: DJL copies them into its cache on first use. Regenerate them with
 *
 * <pre>
 * mvn -B -q -pl djl-cnf test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.cnflow.djl.zoo.ShippedFlowsGenerator -Dai.djl.offline=true
 * </pre>
 */
public class FlowZooProvider implements ZooProvider {

    /** The artifact id of the flow trained on 100 samples of Normal(6, 0.7). */
    public static final String NORMAL_1D = "normal-1d";

    /** The artifact id of the flow trained on the Old Faithful eruptions and waiting times. */
    public static final String OLD_FAITHFUL = "old-faithful";

    /** The class-path folder of the shipped repository. */
    public static final String RESOURCE_ROOT = "org/cnflow/djl/zoo/flows";

    /** The artifact ids of the shipped flows. */
    public static final List<String> SHIPPED_ARTIFACTS = List.of(NORMAL_1D, OLD_FAITHFUL);

    private static final class Holder {
        static final FlowModelZoo ZOO =
                new FlowModelZoo(
                        new ClasspathRepository(
                                "cnflow-shipped", RESOURCE_ROOT, SHIPPED_ARTIFACTS));
    }

    /** {@inheritDoc} */
    @Override
    public ModelZoo getModelZoo() {
        return Holder.ZOO;
    }
}
