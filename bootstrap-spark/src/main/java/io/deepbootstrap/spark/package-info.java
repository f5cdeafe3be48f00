/**
 * The Apache Spark sweep engine: one Spark task per run. The driver ({@link io.deepbootstrap.spark.SparkSweepEngine})
 * runs inside the application, which loads this package and Spark from {@code lib/spark/} in a child-first
 * class loader; the tasks ({@link io.deepbootstrap.spark.TrainRun}) run on executors, where the application's
 * jars are added as user jars (child-first too, {@code spark.executor.userClassPathFirst}) and the
 * application's {@link io.deepbootstrap.core.execution.RunHost} trains the run. Only strings cross the wire:
 * the job and the run id as JSON to the task, the run record as JSON back.
 */
package io.deepbootstrap.spark;
