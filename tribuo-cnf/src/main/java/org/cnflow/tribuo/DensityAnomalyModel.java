// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * An anomaly detector that marks an example {@link Event.EventType#ANOMALOUS} when a flow's
 * log-density of it is below a threshold, and {@link Event.EventType#EXPECTED} otherwise.
 *
 * <p>{@link #fromTrainingData} sets the threshold at a quantile of the training examples'
 * log-densities, so that share of the training data would be flagged. Each predicted event's score
 * is {@code log p(x) − threshold}: negative for anomalies, and lower the less likely the example.
 * The detector works with Tribuo's {@code AnomalyEvaluator}.
 *
 * <p>The detector owns a copy of the flow model, so closing either does not affect the other;
 * {@link #close()} releases the copy. Examples are read as {@link FfjordModel} reads them.
 */
public final class DensityAnomalyModel extends Model<Event> implements AutoCloseable {

    private static final long serialVersionUID = 1L;

    /** The current protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private final transient FfjordModel flow;
    private final double threshold;
    private final double quantile;

    private DensityAnomalyModel(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<Event> outputIDInfo,
            FfjordModel flow,
            double threshold,
            double quantile) {
        super(name, provenance, featureIDMap, outputIDInfo, false);
        this.flow = flow;
        this.threshold = threshold;
        this.quantile = quantile;
    }

    /**
     * Creates a detector whose threshold is the given quantile of the log-densities of the training
     * examples.
     *
     * @param flow a trained flow; the detector keeps a copy of it
     * @param training the examples the flow was trained on, or any examples of normal data
     * @param quantile the share of training examples to flag, in (0, 1); for example 0.01
     * @return the detector
     * @throws IllegalArgumentException if the quantile is outside (0, 1) or {@code training} is
     *     empty
     */
    public static DensityAnomalyModel fromTrainingData(
            FfjordModel flow, Dataset<LogDensity> training, double quantile) {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException(
                    "The quantile must be in (0, 1), for example 0.01, but is " + quantile);
        }
        if (training.size() == 0) {
            throw new IllegalArgumentException(
                    "Cannot set an anomaly threshold from an empty dataset");
        }
        double[] logDensities =
                flow.predict(training).stream()
                        .mapToDouble(p -> p.getOutput().getValue())
                        .toArray();
        double threshold = quantile(logDensities, quantile);

        Map<String, Provenance> instance = new LinkedHashMap<>();
        instance.put("threshold", FfjordTrainer.number("threshold", threshold));
        instance.put("quantile", new DoubleProvenance("quantile", quantile));
        instance.put("flow-model", flow.getProvenance());
        ModelProvenance provenance =
                new ModelProvenance(
                        DensityAnomalyModel.class.getName(),
                        OffsetDateTime.now(),
                        training.getProvenance(),
                        flow.getProvenance().getTrainerProvenance(),
                        instance);
        return new DensityAnomalyModel(
                "density-anomaly-model",
                provenance,
                flow.getFeatureIDMap(),
                eventDomain(),
                (FfjordModel) flow.copy(),
                threshold,
                quantile);
    }

    /**
     * Returns the q-th quantile of values: the sorted values interpolated linearly at position
     * {@code q · (n − 1)}, counting from 0.
     */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    private static ImmutableOutputInfo<Event> eventDomain() {
        MutableOutputInfo<Event> info = new AnomalyFactory().generateInfo();
        info.observe(AnomalyFactory.EXPECTED_EVENT);
        info.observe(AnomalyFactory.ANOMALOUS_EVENT);
        return info.generateImmutableOutputInfo();
    }

    /**
     * Deserializes a detector from its protobuf form; Tribuo's {@link Model#deserialize} calls
     * this.
     *
     * @param version the serialized version
     * @param className the class name
     * @param message a packed {@code DensityAnomalyModelProto}
     * @return the detector
     * @throws InvalidProtocolBufferException if the message is malformed
     */
    @SuppressWarnings("unchecked") // the output domain's class is checked before the cast
    public static DensityAnomalyModel deserializeFromProto(
            int version, String className, Any message) throws InvalidProtocolBufferException {
        ProtoForms.checkVersion(version, CURRENT_VERSION, className);
        DynamicMessage proto = ModelMessages.unpack(message, ModelMessages.DENSITY_ANOMALY_MODEL);
        ModelDataCarrier<?> carrier =
                ModelDataCarrier.deserialize(ModelDataProto.parseFrom(bytes(proto, "metadata")));
        if (!carrier.outputDomain().getDomain().stream().allMatch(Event.class::isInstance)) {
            throw new IllegalArgumentException(
                    "Invalid serialized anomaly model: the output domain is not of Events");
        }
        Model<?> flow = Model.deserialize(ModelProto.parseFrom(bytes(proto, "flow_model")));
        if (!(flow instanceof FfjordModel ffjord)) {
            throw new IllegalArgumentException(
                    "Invalid serialized anomaly model: the flow is a " + flow.getClass().getName());
        }
        return new DensityAnomalyModel(
                carrier.name(),
                carrier.provenance(),
                carrier.featureDomain(),
                (ImmutableOutputInfo<Event>) carrier.outputDomain(),
                ffjord,
                number(proto, "threshold"),
                number(proto, "quantile"));
    }

    private static byte[] bytes(DynamicMessage proto, String field) {
        return ((ByteString) proto.getField(proto.getDescriptorForType().findFieldByName(field)))
                .toByteArray();
    }

    private static double number(DynamicMessage proto, String field) {
        return (Double) proto.getField(proto.getDescriptorForType().findFieldByName(field));
    }

    /**
     * Returns the log-density below which an example is anomalous.
     *
     * @return the threshold in nats
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Returns the training quantile the threshold was set at.
     *
     * @return the quantile, in (0, 1)
     */
    public double getQuantile() {
        return quantile;
    }

    /**
     * Returns the detector's flow model.
     *
     * @return the flow, closed with this detector
     */
    public FfjordModel getFlowModel() {
        return flow;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        return innerPredict(List.of(example)).get(0);
    }

    /**
     * Scores examples in one batched solve of the flow.
     *
     * @param examples the examples
     * @return one event per example, in order
     * @throws IllegalArgumentException if the flow rejects an example
     */
    @Override
    protected List<Prediction<Event>> innerPredict(Iterable<Example<Event>> examples) {
        List<Example<Event>> list = new ArrayList<>();
        List<Example<LogDensity>> points = new ArrayList<>();
        for (Example<Event> example : examples) {
            list.add(example);
            points.add(new ArrayExample<>(LogDensity.UNKNOWN, example, example.getWeight()));
        }
        List<Prediction<LogDensity>> densities = flow.predict(points);
        List<Prediction<Event>> predictions = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Prediction<LogDensity> density = densities.get(i);
            double score = density.getOutput().getValue() - threshold;
            Event.EventType type = score < 0 ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED;
            predictions.add(
                    new Prediction<>(
                            new Event(type, score), density.getNumActiveFeatures(), list.get(i)));
        }
        return predictions;
    }

    /**
     * Returns an empty map: the detector has no per-feature importance.
     *
     * @param n unused
     * @return an empty map
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    /**
     * Returns empty: the detector has no explanation of its predictions.
     *
     * @param example unused
     * @return {@link Optional#empty()}
     */
    @Override
    public Optional<Excuse<Event>> getExcuse(Example<Event> example) {
        return Optional.empty();
    }

    @Override
    public ModelProto serialize() {
        DynamicMessage proto =
                DynamicMessage.newBuilder(ModelMessages.DENSITY_ANOMALY_MODEL)
                        .setField(field("metadata"), createDataCarrier().serialize().toByteString())
                        .setField(field("flow_model"), flow.serialize().toByteString())
                        .setField(field("threshold"), threshold)
                        .setField(field("quantile"), quantile)
                        .build();
        return ModelProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(DensityAnomalyModel.class.getName())
                .setSerializedData(Any.pack(proto))
                .build();
    }

    private static com.google.protobuf.Descriptors.FieldDescriptor field(String name) {
        return ModelMessages.DENSITY_ANOMALY_MODEL.findFieldByName(name);
    }

    @Override
    protected DensityAnomalyModel copy(String newName, ModelProvenance newProvenance) {
        return new DensityAnomalyModel(
                newName,
                newProvenance,
                featureIDMap,
                outputIDInfo,
                (FfjordModel) flow.copy(),
                threshold,
                quantile);
    }

    /** Releases the flow's native memory. */
    @Override
    public void close() {
        flow.close();
    }

    @Override
    public String toString() {
        return "DensityAnomalyModel(threshold=" + threshold + ", quantile=" + quantile + ")";
    }

    private void writeObject(ObjectOutputStream output) throws IOException {
        throw new NotSerializableException(
                "DensityAnomalyModel keeps its flow in native engine memory and does not support"
                        + " Java serialization: use serialize() or serializeToFile(Path)");
    }

    private void readObject(ObjectInputStream input) throws IOException {
        throw new NotSerializableException(
                "DensityAnomalyModel does not support Java serialization: use Tribuo's protobuf"
                        + " format");
    }
}
