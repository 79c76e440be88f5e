// SPDX-License-Identifier: Apache-2.0
package org.cnflow.djl.zoo;

import ai.djl.Application;
import ai.djl.repository.AbstractRepository;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.repository.Version;
import ai.djl.repository.VersionRange;
import ai.djl.util.JsonUtils;
import ai.djl.util.Progress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A read-only DJL repository in the class path, laid out like a local repository written by {@link
 * FlowExporter#publish}: {@code ROOT/model/undefined/org/cnflow/zoo/ARTIFACT/metadata.json} and one
 * directory per version.
 *
 * <p>Class-path resources may live inside a jar, so {@code prepare} copies an artifact's files into
 * DJL's cache like a remote repository does, checking each file's SHA-1 from {@code metadata.json}.
 * The cache directory ends in the artifact's name, which contains a hash of its content.
 */
final class ClasspathRepository extends AbstractRepository {

    private final String root;
    private final List<String> artifactIds;
    private final ClassLoader classLoader;

    /**
     * Creates a repository over class-path resources.
     *
     * @param name the repository's name
     * @param root the resource folder that contains {@code model/}, without leading or trailing '/'
     * @param artifactIds the artifacts of group {@value FlowModelZoo#GROUP_ID} under the root
     */
    ClasspathRepository(String name, String root, List<String> artifactIds) {
        super(name, URI.create("classpath:/" + root + "/"));
        this.root = root;
        this.artifactIds = List.copyOf(artifactIds);
        this.classLoader = ClasspathRepository.class.getClassLoader();
    }

    /** {@inheritDoc} */
    @Override
    public boolean isRemote() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public Metadata locate(MRL mrl) throws IOException {
        URI uri = mrl.toURI();
        try (InputStream stream = open(uri.getPath() + "metadata.json");
                Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            Metadata metadata = JsonUtils.GSON.fromJson(reader, Metadata.class);
            metadata.init(arguments);
            metadata.setRepositoryUri(uri);
            return metadata;
        }
    }

    /** {@inheritDoc} */
    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) throws IOException {
        Metadata metadata = locate(mrl);
        VersionRange range = VersionRange.parse(mrl.getVersion());
        return metadata.search(range, filter).stream()
                .max(Comparator.comparing(artifact -> new Version(artifact.getVersion())))
                .orElse(null);
    }

    /** {@inheritDoc} */
    @Override
    public List<MRL> getResources() {
        List<MRL> resources = new ArrayList<>();
        for (String artifactId : artifactIds) {
            resources.add(model(Application.UNDEFINED, FlowModelZoo.GROUP_ID, artifactId));
        }
        return resources;
    }

    /** {@inheritDoc} */
    @Override
    protected void download(Path tmp, URI baseUri, Artifact.Item item, Progress progress)
            throws IOException {
        try (InputStream stream = open(baseUri.getPath() + item.getUri())) {
            save(stream, tmp, item, progress);
        }
    }

    private InputStream open(String relativePath) throws IOException {
        String resource = root + "/" + relativePath;
        InputStream stream = classLoader.getResourceAsStream(resource);
        if (stream == null) {
            throw new FileNotFoundException("The class-path resource " + resource + " is missing");
        }
        return stream;
    }
}
