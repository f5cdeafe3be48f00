/**
 * An experiment's results: the engine's {@link io.deepbootstrap.core.result.RunRecord}s, the
 * real-vs-ideal {@link io.deepbootstrap.core.result.Comparison} of each real run with the ideal run of
 * the same architecture, seed and augmentation (bootstrap gap, T_stop by a
 * {@link io.deepbootstrap.core.result.ConvergenceCriterion}, the gap at T_stop, max and step-weighted mean
 * |gap| up to T_stop, both worlds' metrics at T_stop and at T), their
 * {@link io.deepbootstrap.core.result.SeedAggregate}s over seeds (converged and unconverged seeds apart), and the data files
 * ({@code curves.csv}, {@code summary.json}) written atomically by
 * {@link io.deepbootstrap.core.result.ResultFiles}.
 *
 * <p>Start at {@link io.deepbootstrap.core.result.ExperimentResults#of}.
 */
package io.deepbootstrap.core.result;
