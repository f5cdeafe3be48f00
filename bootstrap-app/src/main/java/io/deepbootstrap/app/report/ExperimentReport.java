package io.deepbootstrap.app.report;

import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.ResultFiles;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes everything an experiment reports, from the runs finished so far: {@code curves.csv},
 * {@code summary.json}, {@code decomposition.csv} (see {@link ResultFiles}), the real-vs-ideal plots (see
 * {@link PlotFiles}), with at least 2 design choices the decomposition figure (see
 * {@link DecompositionFigure}), {@code environment.json} (see {@link EnvironmentFile}) and, last,
 * {@code report.html} built from those files (see {@link HtmlReport}), each file atomically. Call
 * {@link #afterRun} after every finished run, and {@link #write} (or {@link #update}, which goes on when a file
 * cannot be written) at the end (or {@link #flush} when the experiment stops early); each call rewrites the data
 * files from the complete list, so a crash keeps every run finished before it. The figures and the HTML page
 * (rendering them costs a short experiment's runs about as much as a run's evaluations, docs/PERFORMANCE.md) are
 * rewritten after a run only when {@link #FIGURES_INTERVAL} has passed since they were last written (or the
 * report started): after every run of a long experiment, once at the end of a short one. Print {@link SummaryTable#render} of the returned
 * results on the console at the end.
 */
public final class ExperimentReport {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentReport.class);

    private final Path experimentDir;
    private final String experimentName;
    private final ConvergenceCriterion criterion;
    private final Instant started;
    private final Map<String, String> unwritten = new LinkedHashMap<>();
    /** The runs whose figures {@link #afterRun} left for later, or null. */
    private List<RunRecord> figuresDue;
    /** When the figures were last written, or the report started (System.nanoTime). */
    private long figuresWritten = System.nanoTime();

    /** The least time between two renderings of the figures and the HTML page after runs. */
    public static final Duration FIGURES_INTERVAL = Duration.ofSeconds(30);

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
     * @throws IOException if a file cannot be written (after trying all of them); files written earlier stay complete
     */
    public ExperimentResults write(List<RunRecord> runs) throws IOException {
        ExperimentResults results = update(runs);
        if (!unwritten.isEmpty()) {
            throw new IOException("cannot write " + String.join("; ", unwritten()));
        }
        return results;
    }

    /**
     * Writes every file that can be written: a file that cannot (a full disk, a failing image encoder) is logged
     * and left as it was (each file is replaced atomically), the others are written, and it is tried again at the
     * next call.
     *
     * @param runs every run finished so far, of both worlds
     * @return the comparisons and aggregates the files were written from
     */
    public ExperimentResults update(List<RunRecord> runs) {
        return write(runs, true);
    }

    /**
     * After a finished run: writes the data files and {@code environment.json}, and the figures and
     * {@code report.html} if {@link #FIGURES_INTERVAL} has passed since they were last written or the report
     * started (else they are
     * left for the next call, {@link #flush} or {@link #update}). Goes on when a file cannot be written, like
     * {@link #update}.
     *
     * @param runs every run finished so far, of both worlds
     * @return the comparisons and aggregates the files were written from
     */
    public synchronized ExperimentResults afterRun(List<RunRecord> runs) {
        boolean due = System.nanoTime() - figuresWritten >= FIGURES_INTERVAL.toNanos();
        ExperimentResults results = write(runs, due);
        figuresDue = due ? null : List.copyOf(runs);
        return results;
    }

    /** Writes the figures and {@code report.html} that {@link #afterRun} left for later, if any. */
    public synchronized void flush() {
        if (figuresDue != null) {
            write(figuresDue, true);
        }
    }

    private synchronized ExperimentResults write(List<RunRecord> runs, boolean figures) {
        ExperimentResults results = ExperimentResults.of(runs, criterion);
        attempt("curves.csv, summary.json, decomposition.csv", () -> ResultFiles.write(experimentDir, experimentName, results));
        if (figures) {
            attempt("plots (plot-*.png)", () -> PlotFiles.write(experimentDir, results));
            attempt("decomposition.png", () -> DecompositionFigure.write(experimentDir, results));
        }
        attempt(EnvironmentFile.FILE_NAME, () -> EnvironmentFile.write(experimentDir, experimentName, started, Instant.now(), runs.size()));
        if (figures) {
            long t0 = System.nanoTime();
            attempt(HtmlReport.FILE_NAME, () -> HtmlReport.write(experimentDir));
            LOG.debug("{}: {} written in {} ms", experimentName, HtmlReport.FILE_NAME, (System.nanoTime() - t0) / 1_000_000);
            figuresWritten = System.nanoTime();
            figuresDue = null;
        }
        return results;
    }

    /** @return the files the last {@link #update} could not write, each with the reason */
    public List<String> unwritten() {
        synchronized (unwritten) {
            return unwritten.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        }
    }

    /** Writes one file (or group of files), remembering whether it failed. */
    private void attempt(String files, FileWrite write) {
        try {
            write.run();
            synchronized (unwritten) {
                if (unwritten.remove(files) != null) {
                    LOG.info("{}: {} written again", experimentName, files);
                }
            }
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("{}: cannot write {} in {} ({}); training goes on, it is tried again after the next run",
                    experimentName, files, experimentDir, reason);
            synchronized (unwritten) {
                unwritten.put(files, reason);
            }
        }
    }

    /** Writes a file. */
    @FunctionalInterface
    private interface FileWrite {
        void run() throws IOException;
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
