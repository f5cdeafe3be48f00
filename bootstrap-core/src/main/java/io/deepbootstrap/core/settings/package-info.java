/**
 * The experiment configuration, typed: one record per section of bootstrap-core's {@code reference.conf}
 * ({@link io.deepbootstrap.core.settings.ExperimentSection experiment}, {@link io.deepbootstrap.core.settings.DataSection data},
 * {@link io.deepbootstrap.core.settings.TrainingSection training} with its
 * {@link io.deepbootstrap.core.settings.OptimizerSection optimizer} and {@link io.deepbootstrap.core.settings.ScheduleSection
 * schedule}, {@link io.deepbootstrap.core.settings.EvaluationSection evaluation},
 * {@link io.deepbootstrap.core.settings.Architecture architectures}, {@link io.deepbootstrap.core.settings.PretrainingSection
 * pretraining}), each with its own parse, gathered by {@link io.deepbootstrap.core.settings.ExperimentSettings}.
 * A record documents its keys in the order of its reference.conf block.
 */
package io.deepbootstrap.core.settings;
