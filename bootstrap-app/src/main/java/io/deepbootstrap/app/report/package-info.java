/**
 * Experiment reports: {@link io.deepbootstrap.app.report.ExperimentReport#write} writes the data files
 * and the real-vs-ideal plots after every finished run, {@link io.deepbootstrap.app.report.SummaryTable}
 * renders the console summary at the end.
 */
package io.deepbootstrap.app.report;
