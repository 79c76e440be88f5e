// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

/** The names of the files in an exported flow's model directory. */
public final class FlowModelFiles {

    /** The model name, the prefix of the parameter file that DJL's {@code Model.save} writes. */
    public static final String MODEL_NAME = "ffjord";

    /** The parameter file, written by DJL's {@code Model.save} as epoch 0. */
    public static final String PARAMETER_FILE = MODEL_NAME + "-0000.params";

    /** The JSON description of the architecture and settings, read by {@link FlowBlockFactory}. */
    public static final String DESCRIPTION_FILE = "ffjord.json";

    /** DJL's model properties file, naming the block factory and the translator factory. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    private FlowModelFiles() {}
}
