// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.Model;
import ai.djl.repository.Version;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.cnflow.djl.flow.FfjordBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes trained {@link FfjordBlock}s as DJL model directories and publishes them into local DJL
 * repositories.
 *
 * <p>A model directory contains {@value FlowModelFiles#PARAMETER_FILE} (written by DJL's {@code
 * Model.save}), {@value FlowModelFiles#DESCRIPTION_FILE} (see {@link FlowDescription}) and {@value
 * FlowModelFiles#SERVING_PROPERTIES}. A repository, readable with {@code Repository.newInstance} or
 * {@link FlowModelZoo}, contains one directory per artifact and version:
 *
 * <pre>
 * root/model/undefined/org/cnflow/zoo/ARTIFACT/metadata.json
 * root/model/undefined/org/cnflow/zoo/ARTIFACT/VERSION/ffjord.json, ffjord-0000.params, ...
 * </pre>
 *
 * <p>DJL copies an artifact of a local repository into its cache, {@code
 * DJL_CACHE_DIR/cache/repo/model/undefined/org/cnflow/zoo/ARTIFACT/VERSION/NAME/}, and reuses that
 * copy whenever the directory exists. The exporter therefore sets {@code NAME} to the artifact id
 * followed by the first 12 hexadecimal digits of a SHA-1 over the version's files, so republishing
 * a version with new content gets a new cache directory, and identical content reuses the old one.
 * Stale cache directories are not deleted.
 */
public final class FlowExporter {

    /** The group id of published flows, the group id of {@link FlowModelZoo}. */
    public static final String GROUP_ID = FlowModelZoo.GROUP_ID;

    private static final Logger logger = LoggerFactory.getLogger(FlowExporter.class);

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private static final Pattern ARTIFACT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private static final List<String> FILES =
            List.of(
                    FlowModelFiles.DESCRIPTION_FILE,
                    FlowModelFiles.PARAMETER_FILE,
                    FlowModelFiles.SERVING_PROPERTIES);

    private FlowExporter() {}

    /**
     * Writes a block as a DJL model directory, replacing the files of an earlier export.
     *
     * @param block an initialized block whose vector field was built by {@code FlowMlp}
     * @param directory the model directory, created if needed
     * @return the directory
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the block cannot be described (see {@link
     *     FlowDescription#describe})
     */
    public static Path exportModel(FfjordBlock block, Path directory) throws IOException {
        FlowDescription description = FlowDescription.describe(block);
        Files.createDirectories(directory);

        try (Model model = Model.newInstance(FlowModelFiles.MODEL_NAME)) {
            model.setBlock(block);
            model.setDataType(description.dataType());
            // Without an epoch DJL numbers the file after the last one, so fix it to 0.
            model.setProperty("Epoch", "0");
            model.save(directory, FlowModelFiles.MODEL_NAME);
        }

        Path json = directory.resolve(FlowModelFiles.DESCRIPTION_FILE);
        try (Writer writer = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            GSON.toJson(description.toJson(), writer);
        }
        String properties =
                "# An FFJORD flow exported by "
                        + FlowExporter.class.getName()
                        + "\n"
                        + "engine=PyTorch\n"
                        + "blockFactory="
                        + FlowBlockFactory.class.getName()
                        + "\n"
                        + "translatorFactory="
                        + FlowTranslatorFactory.class.getName()
                        + "\n"
                        + "option.modelName="
                        + FlowModelFiles.MODEL_NAME
                        + "\n";
        Files.writeString(
                directory.resolve(FlowModelFiles.SERVING_PROPERTIES),
                properties,
                StandardCharsets.UTF_8);
        logger.debug("Exported {} to {}", block, directory);
        return directory;
    }

    /**
     * Publishes a block into a local repository under group id {@value #GROUP_ID}, replacing the
     * same version of the same artifact if it exists and keeping the other versions.
     *
     * @param block an initialized block whose vector field was built by {@code FlowMlp}
     * @param repository the repository's root directory, created if needed
     * @param artifactId the artifact id: lower-case letters, digits, '.', '_' and '-'
     * @param version the version, such as {@code 1.0.0}
     * @param description a sentence describing the flow, stored in {@code metadata.json}
     * @return the published artifact
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the artifact id or version is invalid
     */
    public static PublishedFlow publish(
            FfjordBlock block,
            Path repository,
            String artifactId,
            String version,
            String description)
            throws IOException {
        if (artifactId == null || !ARTIFACT_ID.matcher(artifactId).matches()) {
            throw new IllegalArgumentException(
                    "Invalid artifact id '"
                            + artifactId
                            + "': use lower-case letters, digits, '.', '_' and '-'");
        }
        if (version == null || version.isEmpty() || version.contains("/")) {
            throw new IllegalArgumentException("Invalid version '" + version + "'");
        }
        new Version(version);

        Path artifactDirectory =
                repository.resolve(FlowModelZoo.repositoryPath(artifactId).toString());
        Path versionDirectory = artifactDirectory.resolve(version);
        exportModel(block, versionDirectory);

        JsonObject files = new JsonObject();
        MessageDigest contentDigest = sha1();
        for (String name : FILES) {
            Path file = versionDirectory.resolve(name);
            byte[] bytes = Files.readAllBytes(file);
            String hash = HexFormat.of().formatHex(sha1().digest(bytes));
            contentDigest.update((name + '\n' + hash + '\n').getBytes(StandardCharsets.UTF_8));
            JsonObject item = new JsonObject();
            item.addProperty("uri", version + "/" + name);
            item.addProperty("name", name);
            item.addProperty("sha1Hash", hash);
            item.addProperty("size", bytes.length);
            files.add(name, item);
        }
        String contentHash = HexFormat.of().formatHex(contentDigest.digest()).substring(0, 12);
        String name = artifactId + "-" + contentHash;

        JsonObject artifact = new JsonObject();
        artifact.addProperty("version", version);
        artifact.addProperty("snapshot", false);
        artifact.addProperty("name", name);
        JsonObject arguments = new JsonObject();
        arguments.addProperty("blockFactory", FlowBlockFactory.class.getName());
        arguments.addProperty("translatorFactory", FlowTranslatorFactory.class.getName());
        artifact.add("arguments", arguments);
        JsonObject options = new JsonObject();
        options.addProperty("modelName", FlowModelFiles.MODEL_NAME);
        artifact.add("options", options);
        artifact.add("files", files);

        writeMetadata(artifactDirectory, artifactId, description, artifact, version);
        logger.info("Published {} version {} to {}", artifactId, version, versionDirectory);
        return new PublishedFlow(artifactId, version, name, versionDirectory);
    }

    private static void writeMetadata(
            Path artifactDirectory,
            String artifactId,
            String description,
            JsonObject artifact,
            String version)
            throws IOException {
        Path file = artifactDirectory.resolve("metadata.json");
        JsonObject metadata;
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                metadata = JsonParser.parseReader(reader).getAsJsonObject();
            }
        } else {
            metadata = new JsonObject();
        }
        metadata.addProperty("metadataVersion", "0.2");
        metadata.addProperty("resourceType", "model");
        metadata.addProperty("application", "undefined");
        metadata.addProperty("groupId", GROUP_ID);
        metadata.addProperty("artifactId", artifactId);
        metadata.addProperty("name", artifactId);
        metadata.addProperty("description", description);

        JsonArray artifacts = new JsonArray();
        JsonElement previous = metadata.get("artifacts");
        if (previous != null && previous.isJsonArray()) {
            for (JsonElement element : previous.getAsJsonArray()) {
                JsonElement other = element.getAsJsonObject().get("version");
                if (other == null || !version.equals(other.getAsString())) {
                    artifacts.add(element);
                }
            }
        }
        artifacts.add(artifact);
        metadata.add("artifacts", artifacts);

        Path temporary = artifactDirectory.resolve("metadata.json.tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            GSON.toJson(metadata, writer);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this Java runtime", e);
        }
    }

    /**
     * A published artifact.
     *
     * @param artifactId the artifact id
     * @param version the version
     * @param name the artifact name, the artifact id and a content hash; DJL's cache directory of
     *     the artifact ends in it
     * @param directory the version directory in the repository
     */
    public record PublishedFlow(String artifactId, String version, String name, Path directory) {}
}
