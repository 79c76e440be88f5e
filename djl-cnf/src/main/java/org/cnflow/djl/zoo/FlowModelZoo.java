// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.Application;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import java.net.URI;
import java.util.Set;

/**
 * A DJL model zoo of FFJORD flows with group id {@value #GROUP_ID}.
 *
 * <p>Create one over a local repository written by {@link FlowExporter#publish} and pass it to
 * {@code Criteria.Builder.optModelZoo}, or use the zoo of shipped example flows, which {@link
 * FlowZooProvider} registers with DJL. The zoo's loaders pick {@link FlowTranslatorFactory} for the
 * flow's input and output types without further arguments.
 */
public class FlowModelZoo extends ModelZoo {

    /** The group id of every flow artifact. */
    public static final String GROUP_ID = "org.cnflow.zoo";

    /**
     * Creates a zoo of the flows that a repository lists under group id {@value #GROUP_ID}.
     *
     * @param repository a repository, such as {@code Repository.newInstance("flows", path)} over a
     *     directory written by {@link FlowExporter#publish}
     */
    @SuppressWarnings("this-escape")
    public FlowModelZoo(Repository repository) {
        for (MRL mrl : repository.getResources()) {
            if (GROUP_ID.equals(mrl.getGroupId())) {
                addModel(new FlowModelLoader(mrl));
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> getSupportedEngines() {
        return Set.of("PyTorch");
    }

    /**
     * Returns the path of an artifact's directory relative to a repository's root, the location
     * where {@code metadata.json} lives.
     *
     * @param artifactId the artifact id
     * @return {@code model/undefined/org/cnflow/zoo/ARTIFACT/}
     */
    static URI repositoryPath(String artifactId) {
        return MRL.model(null, Application.UNDEFINED, GROUP_ID, artifactId, null, null).toURI();
    }

    /** A model loader whose default translator factory is {@link FlowTranslatorFactory}. */
    static final class FlowModelLoader extends BaseModelLoader {

        FlowModelLoader(MRL mrl) {
            super(mrl);
            defaultFactory = new FlowTranslatorFactory();
        }
    }
}
