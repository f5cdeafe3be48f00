package io.deepbootstrap.core.result;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes an experiment's data files, {@value CurvesCsv#FILE_NAME}, {@value SummaryJson#FILE_NAME},
 * {@value TimingsCsv#FILE_NAME} and, when
 * it has at least 2 design choices, {@value Decomposition#FILE_NAME}, each atomically. Call it again after every finished run: it rewrites them from the complete list, so
 * a crash keeps everything finished before it.
 */
public final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * @param experimentDir the experiment's directory, created if missing
     * @param experimentName the experiment's name, recorded in the summary
     * @param results the results of all runs finished so far
     * @throws IOException if a file cannot be written; files already written stay complete
     */
    public static void write(Path experimentDir, String experimentName, ExperimentResults results)
            throws IOException {
        CurvesCsv.write(experimentDir.resolve(CurvesCsv.FILE_NAME), results.runs());
        TimingsCsv.write(experimentDir.resolve(TimingsCsv.FILE_NAME), results.runs());
        SummaryJson.write(experimentDir.resolve(SummaryJson.FILE_NAME), experimentName, results);
        Optional<Decomposition> decomposition = results.decomposition();
        if (decomposition.isPresent()) {
            DecompositionCsv.write(experimentDir.resolve(Decomposition.FILE_NAME), decomposition.get());
        }
    }
}
