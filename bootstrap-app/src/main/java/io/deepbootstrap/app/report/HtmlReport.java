package io.deepbootstrap.app.report;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the interactive HTML report ({@value #FILE_NAME}) of an experiment, or one comparison page of
 * several, from their result files alone (see {@link ResultDirectory}), atomically.
 */
public final class HtmlReport {

    /** The report's file name within the experiment directory. */
    public static final String FILE_NAME = "report.html";

    private HtmlReport() {
    }

    /**
     * @param experimentDir a results directory
     * @return the report written, {@code <experimentDir>/report.html}
     * @throws ConfigError if the directory holds no results (see {@link ResultDirectory#read})
     * @throws IOException if a file cannot be read or the report cannot be written
     */
    public static Path write(Path experimentDir) throws IOException {
        Path out = experimentDir.resolve(FILE_NAME);
        write(List.of(experimentDir), out);
        return out;
    }

    /**
     * @param experimentDirs one or more results directories; with several, one comparison page
     * @param out the file to write
     * @throws ConfigError if a directory holds no results or a result file cannot be parsed
     * @throws IOException if a file cannot be read or the page cannot be written
     */
    public static void write(List<Path> experimentDirs, Path out) throws IOException {
        if (experimentDirs.isEmpty()) {
            throw new ConfigError("no results directory given");
        }
        List<ResultDirectory> experiments = new ArrayList<>();
        for (Path dir : experimentDirs) {
            experiments.add(ResultDirectory.read(dir));
        }
        Path outputDir = out.toAbsolutePath().normalize().getParent();
        AtomicFiles.writeString(out, ReportPage.render(uniqueNames(experiments), outputDir));
    }

    /** Experiments with the same name (e.g. two output folders of one config) get their folder added. */
    private static List<ResultDirectory> uniqueNames(List<ResultDirectory> experiments) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        experiments.forEach(e -> {
            if (!seen.add(e.name())) {
                duplicates.add(e.name());
            }
        });
        List<ResultDirectory> unique = new ArrayList<>();
        for (ResultDirectory e : experiments) {
            String name = duplicates.contains(e.name()) ? e.name() + " (" + e.dir() + ")" : e.name();
            unique.add(new ResultDirectory(e.dir(), name, e.configText(), e.curves(), e.summary(), e.decomposition(),
                    e.environment(), e.files(), e.lastModified()));
        }
        return unique;
    }
}
