package io.deepbootstrap.core.settings;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code pretraining} section (bootstrap-core's reference.conf, same key order): how both worlds are initialised.
 *
 * @param steps {@code steps}: pretraining steps (0 = none)
 * @param data {@code data}: the pretraining data source (null unless steps > 0)
 * @param learningRate {@code learning-rate}: constant pretraining learning rate
 * @param initFrom {@code init-from}: a saved network to load (relative to the configuration file), or null
 */
public record PretrainingSection(int steps, Resolved<DataSourceFactory> data, double learningRate, Path initFrom) {

    /**
     * @param r the reader
     * @param base the directory {@code init-from} is relative to
     * @return the section, or null if it has problems (recorded in r)
     */
    static PretrainingSection parse(SettingsReader r, Path base) {
        int before = r.problemCount();
        Integer steps = r.nonNegative("pretraining.steps", "");
        Double lr = r.number("pretraining.learning-rate");
        String initFrom = r.string("pretraining.init-from", "a path");
        if (steps == null || lr == null || initFrom == null) {
            return null;
        }
        if (steps > 0 && !initFrom.isEmpty()) {
            r.problem("pretraining.init-from", "give either pretraining.steps > 0 or init-from, not both");
        }
        // a block the user wrote is checked even when unused (steps = 0): a mistake in it is reported, not ignored
        Resolved<DataSourceFactory> data = steps > 0 || r.written("pretraining.data")
                ? r.component(ComponentKind.DATA_SOURCE, "pretraining.data", Set.of()) : null;
        Path init = initFrom.isEmpty() ? null : base.resolve(initFrom).normalize();
        if (init != null && !Files.isRegularFile(init)) {
            r.problem("pretraining.init-from", "file not found: " + init);
        }
        return r.problemCount() > before ? null : new PretrainingSection(steps, steps > 0 ? data : null, lr, init);
    }
}
