// SPDX-License-Identifier: Apache-2.0
/**
 * DJL model zoo support for FFJORD flows: export, repositories, a block factory and translators.
 *
 * <p>{@link org.cnflow.djl.zoo.FlowExporter#exportModel} writes a trained {@link
 * org.cnflow.djl.flow.FfjordBlock} as a DJL model directory, and {@link
 * org.cnflow.djl.zoo.FlowExporter#publish} adds it to a local repository under group id {@code
 * org.cnflow.zoo} with a {@code metadata.json} that lists every version. Load a flow with {@code
 * Criteria}:
 *
 * <pre>{@code
 * // a model directory, by path or file URL
 * Criteria.builder()
 *         .setTypes(float[][].class, float[].class)
 *         .optModelPath(directory)
 *         .optTranslatorFactory(new FlowTranslatorFactory())
 *         .build();
 * // a published repository
 * Criteria.builder()
 *         .setTypes(SampleRequest.class, float[][].class)
 *         .optModelZoo(new FlowModelZoo(Repository.newInstance("flows", root)))
 *         .optArtifactId("my-flow")
 *         .build();
 * // a shipped example flow
 * Criteria.builder()
 *         .setTypes(float[].class, Float.class)
 *         .optGroupId("org.cnflow.zoo")
 *         .optArtifactId("normal-1d")
 *         .build();
 * }</pre>
 *
 * <p>DJL copies artifacts of local and class-path repositories into its cache ({@code
 * DJL_CACHE_DIR}, by default {@code ~/.djl.ai}) and reuses a copy whenever its directory exists.
 * Each published version's artifact name contains a hash of its files, so that directory changes
 * with the content; see {@link org.cnflow.djl.zoo.FlowExporter}.
 */
package org.cnflow.djl.zoo;
