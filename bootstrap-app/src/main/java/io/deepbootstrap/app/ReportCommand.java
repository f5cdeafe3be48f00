package io.deepbootstrap.app;

import io.deepbootstrap.app.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Rebuilds the HTML report of one or more results directories from their files, without training. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild report.html from a results directory's files (curves.csv, summary.json, config.conf, "
                + "...) without training; works on the partial results of an interrupted experiment.",
                "With several directories: one comparison page (one colour per experiment, the same axes, a table of "
                        + "what differs between their configurations)."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Results directories (<output-dir>/<name>).")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the page (default: DIR/report.html for one directory, comparison.html in "
                    + "the working directory for several).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path target = out != null ? out
                : dirs.size() == 1 ? dirs.get(0).resolve(HtmlReport.FILE_NAME) : Path.of("comparison.html");
        HtmlReport.write(dirs, target);
        spec.commandLine().getOut().println("report: " + target);
        return 0;
    }
}
