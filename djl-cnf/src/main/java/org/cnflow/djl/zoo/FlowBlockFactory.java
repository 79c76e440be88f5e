// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnflow.djl.flow.FfjordBlock;

/**
 * Rebuilds an {@link FfjordBlock} from the {@value FlowModelFiles#DESCRIPTION_FILE} of a model
 * directory, so that DJL's {@code Criteria} can load exported flows. {@code serving.properties}
 * names this class as {@code blockFactory}.
 *
 * <p>Before returning the block, the factory reads {@value FlowModelFiles#PARAMETER_FILE} into a
 * scratch copy and compares every parameter's shape and the data type with the description, because
 * DJL's parameter loading accepts arrays of any shape and a mismatch would only fail at the first
 * prediction.
 *
 * <p>A missing or invalid description, a missing parameter file or a mismatch raises DJL's {@link
 * MalformedModelException} naming the file. NOTE: {@link BlockFactory#newBlock} declares only
 * {@link IOException} in DJL 0.36, so the exception is thrown unchecked through it; it surfaces
 * from {@code Criteria.loadModel}, which declares it.
 */
public class FlowBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Path descriptionFile = modelPath.resolve(FlowModelFiles.DESCRIPTION_FILE);
        FlowDescription description = readDescription(descriptionFile);
        Path parameterFile = modelPath.resolve(FlowModelFiles.PARAMETER_FILE);
        if (!Files.isRegularFile(parameterFile)) {
            throw raise(
                    new MalformedModelException(
                            "The parameter file "
                                    + parameterFile
                                    + " is missing: export the flow again with FlowExporter"));
        }
        checkParameters(model, modelPath, parameterFile, description);
        return description.buildBlock();
    }

    /**
     * Reads and parses a flow description.
     *
     * @param file the {@value FlowModelFiles#DESCRIPTION_FILE} to read
     * @return the description
     */
    static FlowDescription readDescription(Path file) {
        if (!Files.isRegularFile(file)) {
            throw raise(
                    new MalformedModelException(
                            "The flow description "
                                    + file
                                    + " is missing: export the flow with FlowExporter"));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonObject json = JsonParser.parseReader(reader).getAsJsonObject();
            return FlowDescription.fromJson(json);
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw raise(
                    new MalformedModelException(
                            "The flow description " + file + " cannot be read: " + e.getMessage(),
                            e));
        } catch (IllegalArgumentException e) {
            throw raise(
                    new MalformedModelException(
                            "The flow description " + file + " is invalid: " + e.getMessage(), e));
        }
    }

    /**
     * Loads the parameter file into a scratch model and compares it with the shapes and data type
     * the description implies.
     */
    private static void checkParameters(
            Model model, Path modelPath, Path parameterFile, FlowDescription description) {
        String engine = model.getNDManager().getEngine().getEngineName();
        Shape points = new Shape(1, description.dimension());
        Map<String, Shape> expected = new LinkedHashMap<>();
        try (NDManager scratch =
                NDManager.newBaseManager(model.getNDManager().getDevice(), engine)) {
            FfjordBlock reference = description.buildBlock();
            reference.initialize(scratch, description.dataType(), points);
            for (Pair<String, Parameter> entry : reference.getParameters()) {
                expected.put(entry.getKey(), entry.getValue().getArray().getShape());
            }
        } catch (IllegalArgumentException e) {
            throw raise(
                    new MalformedModelException(
                            "The flow description next to "
                                    + parameterFile
                                    + " is invalid: "
                                    + e.getMessage(),
                            e));
        }

        try (Model check =
                Model.newInstance(
                        FlowModelFiles.MODEL_NAME, model.getNDManager().getDevice(), engine)) {
            FfjordBlock loaded = description.buildBlock();
            check.setBlock(loaded);
            check.load(modelPath, FlowModelFiles.MODEL_NAME);
            if (check.getDataType() != description.dataType()) {
                throw new MalformedModelException(
                        "The parameter file "
                                + parameterFile
                                + " holds "
                                + check.getDataType()
                                + " parameters, but "
                                + FlowModelFiles.DESCRIPTION_FILE
                                + " declares "
                                + description.dataType());
            }
            for (Pair<String, Parameter> entry : loaded.getParameters()) {
                Shape actual = entry.getValue().getArray().getShape();
                Shape expectedShape = expected.get(entry.getKey());
                if (!actual.equals(expectedShape)) {
                    throw new MalformedModelException(
                            "The parameter file "
                                    + parameterFile
                                    + " does not match the architecture in "
                                    + FlowModelFiles.DESCRIPTION_FILE
                                    + ": parameter "
                                    + entry.getKey()
                                    + " has shape "
                                    + actual
                                    + ", expected "
                                    + expectedShape);
                }
            }
        } catch (MalformedModelException e) {
            if (e.getMessage() != null && e.getMessage().contains(parameterFile.toString())) {
                throw raise(e);
            }
            throw raise(
                    new MalformedModelException(
                            "The parameter file "
                                    + parameterFile
                                    + " does not match the architecture in "
                                    + FlowModelFiles.DESCRIPTION_FILE
                                    + ": "
                                    + e.getMessage(),
                            e));
        } catch (IOException e) {
            throw raise(
                    new MalformedModelException(
                            "The parameter file " + parameterFile + " cannot be read: " + e, e));
        }
    }

    /**
     * Throws a checked exception without declaring it, for interfaces that declare too little.
     *
     * @return never returns; the return type lets callers write {@code throw raise(e)}
     */
    static RuntimeException raise(Exception exception) {
        throw FlowBlockFactory.<RuntimeException>uncheckedCast(exception);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E uncheckedCast(Exception exception) throws E {
        throw (E) exception;
    }
}
