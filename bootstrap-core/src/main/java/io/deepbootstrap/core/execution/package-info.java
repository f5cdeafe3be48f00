/**
 * Where an experiment's runs train: in this process (the default engine) or on a sweep engine such as
 * Apache Spark ({@code execution.engine}). The driver side ({@link io.deepbootstrap.core.execution.SweepEngine})
 * hands a {@link io.deepbootstrap.core.execution.SweepJob} to the engine and receives one
 * {@link io.deepbootstrap.core.result.RunRecord} per run; the worker side
 * ({@link io.deepbootstrap.core.execution.RunHost}) rebuilds the experiment from the job and trains one run.
 * Jobs, run ids and records cross process boundaries as JSON ({@link io.deepbootstrap.core.execution.WireFormat}),
 * never as serialised Java objects.
 */
package io.deepbootstrap.core.execution;
