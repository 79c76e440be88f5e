// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.cnflow.djl.EngineSupport;
import org.cnflow.djl.flow.FfjordBlock;
import org.cnflow.djl.flow.FlowOutput;
import org.cnflow.djl.zoo.FlowExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained FFJORD continuous normalizing flow that predicts the log-density of each example.
 *
 * <p>The model's features are the training dataset's, in the order of their Tribuo ids, and each
 * example becomes one point of dimension d. Features the model does not know are ignored and
 * counted ({@link #getUnknownFeatureCount()}); an example with no known feature is rejected.
 *
 * <p>Tribuo stores examples sparsely and reads a feature absent from an example as 0. For a density
 * that means the model evaluates the joint density at a point whose missing coordinates are 0. It
 * does not compute the marginal density of the coordinates present, so the value is only meaningful
 * where 0 is a real value of every missing feature. With {@link #setStrict(boolean) strict mode}
 * on, the model rejects an example that lacks any of its features, naming the missing feature.
 *
 * <p>NOTE: the adaptive solver chooses one step sequence per batch, so a log-density predicted in a
 * batch can differ from the same example's single prediction within the solver's tolerance.
 *
 * <p>Prediction, sampling and serialization may run on several threads at once; the engine's
 * forward solve needs no gradient collector and no global random state. {@link #close()} releases
 * the native memory of the parameters, after which every call fails. Java serialization is not
 * supported, since the parameters live in native engine memory: use Tribuo's protobuf format
 * ({@link #serialize()}, {@link #serializeToFile}, {@link Model#deserializeFromFile}).
 */
public final class FfjordModel extends Model<LogDensity> implements AutoCloseable {

    private static final long serialVersionUID = 1L;

    private static final Logger logger = LoggerFactory.getLogger(FfjordModel.class);

    /** The current protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private final transient FlowArchitecture architecture;
    private final transient NDManager manager;
    private final transient FfjordBlock block;
    private final transient ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final transient AtomicLong unknownFeatureCount = new AtomicLong();
    private final transient AtomicBoolean unknownFeatureLogged = new AtomicBoolean();
    private transient boolean closed;
    private volatile boolean strict;

    FfjordModel(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<LogDensity> outputIDInfo,
            FlowArchitecture architecture,
            NDManager manager,
            FfjordBlock block) {
        super(name, provenance, featureIDMap, outputIDInfo, false);
        this.architecture = architecture;
        this.manager = manager;
        this.block = block;
    }

    /**
     * Deserializes a model from its protobuf form; Tribuo's {@link Model#deserialize} calls this.
     *
     * @param version the serialized version
     * @param className the class name
     * @param message a packed {@code FfjordModelProto}
     * @return the model, owning a new engine manager
     * @throws InvalidProtocolBufferException if the message is malformed
     * @throws IllegalArgumentException if the version, the output domain or the parameters are
     *     invalid
     */
    public static FfjordModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ProtoForms.checkVersion(version, CURRENT_VERSION, className);
        DynamicMessage proto = ModelMessages.unpack(message, ModelMessages.FFJORD_MODEL);
        ModelDataCarrier<?> carrier =
                ModelDataCarrier.deserialize(ModelDataProto.parseFrom(bytes(proto, "metadata")));
        if (!(carrier.outputDomain() instanceof ImmutableLogDensityInfo outputDomain)) {
            throw new IllegalArgumentException(
                    "Invalid serialized FFJORD model: the output domain is "
                            + carrier.outputDomain().getClass().getName()
                            + ", not a log-density domain");
        }
        // A parsed DynamicMessage contains nested messages as DynamicMessages too.
        Message nested =
                (Message)
                        proto.getField(ModelMessages.FFJORD_MODEL.findFieldByName("architecture"));
        Struct settings = Struct.parseFrom(nested.toByteString());
        FlowArchitecture architecture = FlowArchitecture.fromStruct(settings);
        if (architecture.dimension() != carrier.featureDomain().size()) {
            throw new IllegalArgumentException(
                    "Invalid serialized FFJORD model: the flow has dimension "
                            + architecture.dimension()
                            + " but the feature domain has "
                            + carrier.featureDomain().size()
                            + " features");
        }

        NDManager manager = EngineSupport.pytorch().newBaseManager();
        try {
            FfjordBlock block =
                    FlowParameters.load(architecture, bytes(proto, "parameters"), manager);
            FfjordModel model =
                    new FfjordModel(
                            carrier.name(),
                            carrier.provenance(),
                            carrier.featureDomain(),
                            outputDomain,
                            architecture,
                            manager,
                            block);
            model.setStrict(
                    (Boolean) proto.getField(ModelMessages.FFJORD_MODEL.findFieldByName("strict")));
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static byte[] bytes(DynamicMessage proto, String field) {
        return ((ByteString) proto.getField(proto.getDescriptorForType().findFieldByName(field)))
                .toByteArray();
    }

    /**
     * Sets whether an example must contain every feature of the model.
     *
     * @param strict true to reject an example that lacks a feature, false (the default) to read a
     *     missing feature as 0
     */
    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    /**
     * Returns whether an example must contain every feature of the model.
     *
     * @return true in strict mode
     */
    public boolean isStrict() {
        return strict;
    }

    /**
     * Returns how many features of predicted examples the model did not know and ignored.
     *
     * @return the count over the model's lifetime, one per feature occurrence
     */
    public long getUnknownFeatureCount() {
        return unknownFeatureCount.get();
    }

    /**
     * Returns the number of features d, the flow's dimension.
     *
     * @return d
     */
    public int getDimension() {
        return architecture.dimension();
    }

    /**
     * Returns the names of the model's features in the order of the flow's coordinates.
     *
     * @return the names, ordered by Tribuo feature id
     */
    public List<String> getFeatureNames() {
        List<String> names = new ArrayList<>(featureIDMap.size());
        for (int id = 0; id < featureIDMap.size(); id++) {
            names.add(featureIDMap.get(id).getName());
        }
        return names;
    }

    /**
     * Predicts the log-density of one example.
     *
     * @param example the example
     * @return the prediction, whose output is the log-density in nats
     * @throws IllegalArgumentException if the example has no known feature, a non-finite value, or
     *     in strict mode lacks a feature
     * @throws IllegalStateException if the model is closed
     */
    @Override
    public Prediction<LogDensity> predict(Example<LogDensity> example) {
        return innerPredict(List.of(example)).get(0);
    }

    /**
     * Predicts the log-densities of examples in one batched solve.
     *
     * @param examples the examples
     * @return one prediction per example, in order
     * @throws IllegalArgumentException if an example has no known feature, a non-finite value, or
     *     in strict mode lacks a feature; the message names the example's index
     * @throws IllegalStateException if the model is closed
     */
    @Override
    protected List<Prediction<LogDensity>> innerPredict(Iterable<Example<LogDensity>> examples) {
        List<Example<LogDensity>> list = new ArrayList<>();
        examples.forEach(list::add);
        if (list.isEmpty()) {
            return Collections.emptyList();
        }
        int dimension = architecture.dimension();
        double[] points = new double[list.size() * dimension];
        int[] knownCounts = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            knownCounts[i] = readExample(list.get(i), i, points, i * dimension);
        }

        double[] logDensities = logDensities(points, list.size());
        List<Prediction<LogDensity>> predictions = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            predictions.add(
                    new Prediction<>(new LogDensity(logDensities[i]), knownCounts[i], list.get(i)));
        }
        return predictions;
    }

    /**
     * Copies an example's known features into {@code points} at {@code offset}.
     *
     * @return the number of known features
     */
    private int readExample(Example<?> example, int index, double[] points, int offset) {
        int dimension = architecture.dimension();
        boolean[] present = new boolean[dimension];
        int known = 0;
        int unknown = 0;
        for (Feature feature : example) {
            int id = featureIDMap.getID(feature.getName());
            if (id < 0) {
                unknown++;
                continue;
            }
            double value = feature.getValue();
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        "Example "
                                + index
                                + " has the invalid value "
                                + value
                                + " for feature '"
                                + feature.getName()
                                + "': every feature value must be finite");
            }
            points[offset + id] = value;
            present[id] = true;
            known++;
        }
        if (unknown > 0) {
            recordUnknownFeatures(unknown, index);
        }
        if (known == 0) {
            throw new IllegalArgumentException(
                    "Example "
                            + index
                            + " has none of the model's features "
                            + getFeatureNames()
                            + ": "
                            + example);
        }
        if (strict && known < dimension) {
            for (int id = 0; id < dimension; id++) {
                if (!present[id]) {
                    throw new IllegalArgumentException(
                            "Example "
                                    + index
                                    + " is missing feature '"
                                    + featureIDMap.get(id).getName()
                                    + "', and the model is strict: supply every feature or call"
                                    + " setStrict(false) to read missing features as 0");
                }
            }
        }
        return known;
    }

    private void recordUnknownFeatures(int count, int index) {
        unknownFeatureCount.addAndGet(count);
        if (unknownFeatureLogged.compareAndSet(false, true)) {
            logger.warn(
                    "Ignored {} feature(s) of example {} that the model does not know; later"
                            + " occurrences are only counted (see getUnknownFeatureCount())",
                    count,
                    index);
        }
    }

    /** Solves the flow for {@code rows} points laid out row by row in {@code points}. */
    private double[] logDensities(double[] points, int rows) {
        lock.readLock().lock();
        try {
            checkOpen();
            try (NDManager scope = manager.newSubManager()) {
                NDArray x =
                        scope.create(points, new Shape(rows, architecture.dimension()))
                                .toType(architecture.dataType(), false);
                FlowOutput output = block.logDensity(x);
                return output.getLogDensity().toType(DataType.FLOAT64, false).toDoubleArray();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Draws examples from the flow.
     *
     * @param count the number of examples, positive
     * @param seed the seed of the base points; the same seed gives the same examples
     * @return examples with the model's features and the unknown output
     * @throws IllegalArgumentException if {@code count} is not positive
     * @throws IllegalStateException if the model is closed
     */
    public List<Example<LogDensity>> sample(int count, long seed) {
        double[] values;
        lock.readLock().lock();
        try {
            checkOpen();
            try (NDManager scope = manager.newSubManager()) {
                values =
                        block.sample(scope, count, seed)
                                .toType(DataType.FLOAT64, false)
                                .toDoubleArray();
            }
        } finally {
            lock.readLock().unlock();
        }

        String[] names = getFeatureNames().toArray(new String[0]);
        int dimension = names.length;
        List<Example<LogDensity>> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] row = new double[dimension];
            System.arraycopy(values, i * dimension, row, 0, dimension);
            examples.add(new ArrayExample<>(LogDensity.UNKNOWN, names, row));
        }
        return examples;
    }

    /**
     * Returns an empty map: a density flow has no per-feature importance.
     *
     * @param n unused
     * @return an empty map
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    /**
     * Returns empty: the model has no explanation of its predictions.
     *
     * @param example unused
     * @return {@link Optional#empty()}
     */
    @Override
    public Optional<Excuse<LogDensity>> getExcuse(Example<LogDensity> example) {
        return Optional.empty();
    }

    /**
     * Serializes the model, its parameters and its settings to a protobuf.
     *
     * @return the model's protobuf
     * @throws IllegalStateException if the model is closed
     */
    @Override
    public ModelProto serialize() {
        DynamicMessage proto =
                DynamicMessage.newBuilder(ModelMessages.FFJORD_MODEL)
                        .setField(
                                ModelMessages.FFJORD_MODEL.findFieldByName("metadata"),
                                createDataCarrier().serialize().toByteString())
                        .setField(
                                ModelMessages.FFJORD_MODEL.findFieldByName("architecture"),
                                architecture.toStruct())
                        .setField(
                                ModelMessages.FFJORD_MODEL.findFieldByName("parameters"),
                                ByteString.copyFrom(parameterBytes()))
                        .setField(ModelMessages.FFJORD_MODEL.findFieldByName("strict"), strict)
                        .build();
        return ModelProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(FfjordModel.class.getName())
                .setSerializedData(Any.pack(proto))
                .build();
    }

    private byte[] parameterBytes() {
        lock.readLock().lock();
        try {
            checkOpen();
            return FlowParameters.toBytes(block);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Copies the model into new engine memory, so the copy outlives this model's {@link #close()}.
     *
     * @throws IllegalStateException if the model is closed
     */
    @Override
    protected FfjordModel copy(String newName, ModelProvenance newProvenance) {
        byte[] parameters = parameterBytes();
        NDManager copyManager = EngineSupport.pytorch().newBaseManager();
        try {
            FfjordBlock copyBlock = FlowParameters.load(architecture, parameters, copyManager);
            FfjordModel copy =
                    new FfjordModel(
                            newName,
                            newProvenance,
                            featureIDMap,
                            outputIDInfo,
                            architecture,
                            copyManager,
                            copyBlock);
            copy.setStrict(strict);
            return copy;
        } catch (RuntimeException e) {
            copyManager.close();
            throw e;
        }
    }

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Releases the parameters' native memory, waiting for running predictions to finish. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                manager.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(
                    "The FFJORD model '" + name + "' is closed and can no longer be used");
        }
    }

    /**
     * Exports the flow, standardization included, as a DJL model directory. DJL's {@code Criteria}
     * loads it with {@link org.cnflow.djl.zoo.FlowTranslatorFactory}; inputs are rows of the
     * features in the order of {@link #getFeatureNames()}.
     *
     * @param directory the directory to write, created if missing
     * @return the directory
     * @throws IOException if a file cannot be written
     */
    public Path exportToDjl(Path directory) throws IOException {
        checkOpen();
        return FlowExporter.exportModel(block, directory);
    }

    /** Returns the flow's block; callers must not use it after {@link #close()}. */
    FfjordBlock getBlock() {
        return block;
    }

    @Override
    public String toString() {
        return "FfjordModel(name="
                + name
                + ", features="
                + getFeatureNames()
                + ", strict="
                + strict
                + ", "
                + architecture
                + ")";
    }

    private void writeObject(ObjectOutputStream output) throws IOException {
        throw new NotSerializableException(
                "FfjordModel keeps its parameters in native engine memory and does not support"
                        + " Java serialization: use serialize() or serializeToFile(Path), and"
                        + " Model.deserializeFromFile(Path) to load");
    }

    private void readObject(ObjectInputStream input) throws IOException {
        throw new NotSerializableException(
                "FfjordModel does not support Java serialization: use Tribuo's protobuf format");
    }
}
