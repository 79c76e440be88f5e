// SPDX-License-Identifier: Apache-2.0
/**
 * Density estimation in Tribuo with FFJORD continuous normalizing flows from {@code djl-cnf}.
 *
 * <p>{@link org.cnflow.tribuo.FfjordTrainer} trains an {@link org.cnflow.tribuo.FfjordModel} on a
 * dataset's features, and the model predicts a {@link org.cnflow.tribuo.LogDensity} for each
 * example. {@link org.cnflow.tribuo.LogDensityFactory} creates the outputs, {@link
 * org.cnflow.tribuo.DensityEvaluator} reports the negative log-likelihood of held-out data, and
 * {@link org.cnflow.tribuo.DensityAnomalyModel} turns a flow into an anomaly detector for Tribuo's
 * {@code Event} outputs.
 */
package org.cnflow.tribuo;
