package io.deepbootstrap.app.report;

import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.ResultFiles;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes everything an experiment reports, from the runs finished so far: {@code curves.csv},
 * {@code summary.json}, {@code decomposition.csv} (see {@link ResultFiles}), the real-vs-ideal plots (see
 * {@link PlotFiles}) and, with at least 2 design choices, the decomposition figure (see
 * {@link DecompositionFigure}),
 * each file atomically. Call it after every finished run and at the end; each call rewrites all files
 * from the complete list, so a crash keeps every run finished before it. Print
 * {@link SummaryTable#render} of the returned results on the console at the end.
 */
public final class ExperimentReport {

    private ExperimentReport() {
    }

    /**
     * @param experimentDir the experiment's output directory, created if missing
     * @param experimentName the experiment's name, recorded in {@code summary.json}
     * @param runs every run finished so far, of both worlds
     * @param criterion how T_stop is found
     * @return the comparisons and aggregates the files were written from
     * @throws IOException if a file cannot be written; files written earlier stay complete
     */
    public static ExperimentResults write(Path experimentDir, String experimentName, List<RunRecord> runs,
                                          ConvergenceCriterion criterion) throws IOException {
        ExperimentResults results = ExperimentResults.of(runs, criterion);
        ResultFiles.write(experimentDir, experimentName, results);
        PlotFiles.write(experimentDir, results);
        DecompositionFigure.write(experimentDir, results);
        return results;
    }
}
