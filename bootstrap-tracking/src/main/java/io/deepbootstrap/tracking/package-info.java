/**
 * Experiment tracking: the {@code mlflow} run listener ({@link io.deepbootstrap.tracking.MlflowListener}),
 * which sends world runs to an MLflow tracking server over its REST API 2.0.
 */
package io.deepbootstrap.tracking;
