// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StructProto;

/**
 * The protobuf messages of this package's models, declared in Java and handled as {@link
 * DynamicMessage}s.
 *
 * <p>Tribuo's metadata ({@code ModelDataProto}) is stored as serialized bytes rather than as a
 * nested message type, because Tribuo's {@code tribuo-core.proto} imports an OLCUT file that no
 * OLCUT jar ships, so no schema can import it. The two message types are, in proto3 syntax:
 *
 * <pre>
 * message FfjordModelProto {
 *   bytes metadata = 1;                      // org.tribuo.protos.core.ModelDataProto
 *   google.protobuf.Struct architecture = 2; // the settings of FlowArchitecture
 *   bytes parameters = 3;                    // DJL Block.saveParameters output
 *   bool strict = 4;
 * }
 * message DensityAnomalyModelProto {
 *   bytes metadata = 1;    // org.tribuo.protos.core.ModelDataProto
 *   bytes flow_model = 2;  // org.tribuo.protos.core.ModelProto of the FfjordModel
 *   double threshold = 3;
 *   double quantile = 4;
 * }
 * </pre>
 */
final class ModelMessages {

    static final Descriptor FFJORD_MODEL;
    static final Descriptor DENSITY_ANOMALY_MODEL;

    static {
        DescriptorProto ffjord =
                DescriptorProto.newBuilder()
                        .setName("FfjordModelProto")
                        .addField(field("metadata", 1, FieldDescriptorProto.Type.TYPE_BYTES))
                        .addField(
                                field("architecture", 2, FieldDescriptorProto.Type.TYPE_MESSAGE)
                                        .setTypeName(".google.protobuf.Struct"))
                        .addField(field("parameters", 3, FieldDescriptorProto.Type.TYPE_BYTES))
                        .addField(field("strict", 4, FieldDescriptorProto.Type.TYPE_BOOL))
                        .build();
        DescriptorProto anomaly =
                DescriptorProto.newBuilder()
                        .setName("DensityAnomalyModelProto")
                        .addField(field("metadata", 1, FieldDescriptorProto.Type.TYPE_BYTES))
                        .addField(field("flow_model", 2, FieldDescriptorProto.Type.TYPE_BYTES))
                        .addField(field("threshold", 3, FieldDescriptorProto.Type.TYPE_DOUBLE))
                        .addField(field("quantile", 4, FieldDescriptorProto.Type.TYPE_DOUBLE))
                        .build();
        FileDescriptorProto file =
                FileDescriptorProto.newBuilder()
                        .setName("org/cnflow/tribuo/cnflow_tribuo.proto")
                        .setPackage("org.cnflow.tribuo")
                        .setSyntax("proto3")
                        .addDependency(StructProto.getDescriptor().getName())
                        .addMessageType(ffjord)
                        .addMessageType(anomaly)
                        .build();
        try {
            FileDescriptor descriptor =
                    FileDescriptor.buildFrom(
                            file, new FileDescriptor[] {StructProto.getDescriptor()});
            FFJORD_MODEL = descriptor.findMessageTypeByName("FfjordModelProto");
            DENSITY_ANOMALY_MODEL = descriptor.findMessageTypeByName("DensityAnomalyModelProto");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ModelMessages() {}

    private static FieldDescriptorProto.Builder field(
            String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    /**
     * Unpacks a message of the given type.
     *
     * @throws InvalidProtocolBufferException if {@code message} contains another type or is
     *     malformed
     */
    static DynamicMessage unpack(Any message, Descriptor type)
            throws InvalidProtocolBufferException {
        String expected = "/" + type.getFullName();
        if (!message.getTypeUrl().endsWith(expected)) {
            throw new InvalidProtocolBufferException(
                    "Expected a packed " + type.getFullName() + ", got " + message.getTypeUrl());
        }
        return DynamicMessage.parseFrom(type, message.getValue());
    }
}
