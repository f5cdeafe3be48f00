package ${package};

import com.typesafe.config.Config;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunListenerContext;
import io.deepbootstrap.api.run.RunListenerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Run listener {@code ${pluginId}-log}: appends one line per evaluation ({@code run,step,test_error}) to
 * {@code file} in the experiment's output folder. Runs may train in parallel, so writes are synchronized.
 */
public final class ExampleRunListener implements RunListenerFactory {
    @Override
    public String name() {
        return "${pluginId}-log";
    }

    @Override
    public String description() {
        return "one line per evaluation in a CSV file of the output folder (${pluginId})";
    }

    @Override
    public RunListener create(Config config, RunListenerContext context) {
        String file = ConfigValues.nonBlank(config, "file");
        if (file.contains("/") || file.contains("\\")) {
            throw ConfigValues.bad(config, "file", "expected a plain file name, found '" + file + "'");
        }
        return new Log(context.outputDirectory().resolve(file));
    }

    /** Appends evaluations to one file. */
    static final class Log implements RunListener {
        private final Path file;

        Log(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void evaluated(RunId run, Evaluation evaluation) {
            Double error = evaluation.test().get("error");
            String line = String.format(Locale.ROOT, "%s,%d,%s%n", run.label(), evaluation.step(), error);
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
