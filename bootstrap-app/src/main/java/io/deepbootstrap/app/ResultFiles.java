package io.deepbootstrap.app;

import io.deepbootstrap.core.experiment.ExperimentSettings;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes an experiment's result files (temporary bridge until the report writers land). */
final class ResultFiles {
    private ResultFiles() {
    }

    static void writeConfig(Path dir, String text) throws IOException {
        Path tmp = Files.createTempFile(dir, ".config", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("config.conf"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void write(Path dir, ExperimentSettings s, List<RunRecord> records) throws IOException {
    }

    static String summary(ExperimentSettings s, List<RunRecord> records) {
        StringBuilder b = new StringBuilder();
        for (RunRecord r : records) {
            var last = r.curve().isEmpty() ? null : r.curve().get(r.curve().size() - 1);
            b.append(String.format("%-30s %-8s %s%n", r.id().label(), r.status().id(),
                    last == null ? "" : "test error " + last.test().get("error")));
        }
        return b.toString();
    }
}
