package io.deepbootstrap.app.report;

import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.ResultFiles;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes everything an experiment reports, from the runs finished so far: {@code curves.csv},
 * {@code summary.json}, {@code decomposition.csv} (see {@link ResultFiles}), the real-vs-ideal plots (see
 * {@link PlotFiles}), with at least 2 design choices the decomposition figure (see
 * {@link DecompositionFigure}), {@code environment.json} (see {@link EnvironmentFile}) and, last,
 * {@code report.html} built from those files (see {@link HtmlReport}), each file atomically. Call
 * {@link #write} after every finished run and at the end; each call rewrites all files from the complete
 * list, so a crash keeps every run finished before it. Print {@link SummaryTable#render} of the returned
 * results on the console at the end.
 */
public final class ExperimentReport {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentReport.class);

    private final Path experimentDir;
    private final String experimentName;
    private final ConvergenceCriterion criterion;
    private final Instant started;

    private ExperimentReport(Path experimentDir, String experimentName, ConvergenceCriterion criterion,
                             Instant started) {
        this.experimentDir = experimentDir;
        this.experimentName = experimentName;
        this.criterion = criterion;
        this.started = started;
    }

    /**
     * Starts the clock of an experiment's wall time (call it before the first run).
     *
     * @param experimentDir the experiment's output directory, created if missing
     * @param experimentName the experiment's name, recorded in {@code summary.json}
     * @param criterion how T_stop is found
     * @return the report writer
     */
    public static ExperimentReport start(Path experimentDir, String experimentName, ConvergenceCriterion criterion) {
        return new ExperimentReport(experimentDir, experimentName, criterion, Instant.now());
    }

    /**
     * @param runs every run finished so far, of both worlds
     * @return the comparisons and aggregates the files were written from
     * @throws IOException if a file cannot be written; files written earlier stay complete
     */
    public ExperimentResults write(List<RunRecord> runs) throws IOException {
        ExperimentResults results = ExperimentResults.of(runs, criterion);
        ResultFiles.write(experimentDir, experimentName, results);
        PlotFiles.write(experimentDir, results);
        DecompositionFigure.write(experimentDir, results);
        EnvironmentFile.write(experimentDir, experimentName, started, Instant.now(), runs.size());
        long t0 = System.nanoTime();
        HtmlReport.write(experimentDir);
        LOG.debug("{}: {} written in {} ms", experimentName, HtmlReport.FILE_NAME, (System.nanoTime() - t0) / 1_000_000);
        return results;
    }

    /**
     * Writes the files once, with the wall time starting now (for callers without a running experiment).
     *
     * @param experimentDir the experiment's output directory, created if missing
     * @param experimentName the experiment's name, recorded in {@code summary.json}
     * @param runs every run finished so far, of both worlds
     * @param criterion how T_stop is found
     * @return the comparisons and aggregates the files were written from
     * @throws IOException if a file cannot be written; files written earlier stay complete
     */
    public static ExperimentResults write(Path experimentDir, String experimentName, List<RunRecord> runs,
                                          ConvergenceCriterion criterion) throws IOException {
        return start(experimentDir, experimentName, criterion).write(runs);
    }
}
