// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import org.cnflow.djl.flow.FfjordBlock;

/**
 * Creates the translators of a loaded {@link FfjordBlock} for the types given to {@code
 * Criteria.Builder.setTypes}:
 *
 * <ul>
 *   <li>{@code float[] → Float}: the log-density of one point ({@link LogDensityTranslator});
 *   <li>{@code float[][] → float[]}: the log-densities of a batch ({@link
 *       BatchLogDensityTranslator});
 *   <li>{@code NDList → NDList}: the block's forward pass, {@code [x] → [log p(x), z(t1)]};
 *   <li>{@link SampleRequest} {@code → float[][]}: samples ({@link SampleTranslator}).
 * </ul>
 *
 * <p>NOTE: DJL 0.36 chooses the translator factory before it reads {@code serving.properties}, so
 * the {@code translatorFactory} line there takes effect only in DJL Serving. Loading a model
 * directory by path or URL needs {@code optTranslatorFactory(new FlowTranslatorFactory())}; the zoo
 * and published repositories name the factory in {@code metadata.json}, which DJL reads first.
 */
public class FlowTranslatorFactory implements TranslatorFactory {

    private static final Set<Pair<Type, Type>> SUPPORTED =
            Set.of(
                    new Pair<>(float[].class, Float.class),
                    new Pair<>(float[][].class, float[].class),
                    new Pair<>(NDList.class, NDList.class),
                    new Pair<>(SampleRequest.class, float[][].class));

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return SUPPORTED;
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        Block block = model.getBlock();
        if (!(block instanceof FfjordBlock flow)) {
            throw new TranslateException(
                    "The model "
                            + model.getName()
                            + " does not hold an FfjordBlock but "
                            + (block == null ? "no block" : block.getClass().getName()));
        }
        int dimension = flow.getDimension();
        if (input == float[].class && output == Float.class) {
            return (Translator<I, O>) new LogDensityTranslator(dimension, model.getDataType());
        }
        if (input == float[][].class && output == float[].class) {
            return (Translator<I, O>) new BatchLogDensityTranslator(dimension, model.getDataType());
        }
        if (input == NDList.class && output == NDList.class) {
            return (Translator<I, O>) new NoopTranslator(null);
        }
        if (input == SampleRequest.class && output == float[][].class) {
            return (Translator<I, O>) new SampleTranslator(flow);
        }
        throw new TranslateException(
                "No translator for "
                        + input.getName()
                        + " → "
                        + output.getName()
                        + "; supported pairs are "
                        + SUPPORTED);
    }
}
