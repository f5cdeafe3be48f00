package io.deepbootstrap.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import io.deepbootstrap.core.checkpoint.EffectiveConfig;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * The results folder of {@code run} before anything is trained: a folder holding the results of the same
 * effective configuration ({@link EffectiveConfig}) is resumed, one of another configuration is refused with the
 * differing keys and the two ways out ({@code --fresh}, or another experiment name). {@code --fresh} moves the
 * old results aside to a timestamped sibling folder. Only once the folder is accepted is {@code config.conf}
 * (re)written, so it always describes the results beside it.
 */
final class ResultsFolder {
    /** The effective configuration's file in the results folder. */
    static final String CONFIG_FILE = "config.conf";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ResultsFolder() {
    }

    /** What was found in the folder. */
    enum State {
        /** Nothing there yet: a new experiment. */
        NEW,
        /** Results of the same configuration: finished runs are kept, the others continue. */
        RESUMED,
        /** Old results moved aside ({@code --fresh}). */
        MOVED_ASIDE
    }

    /**
     * @param state what was found
     * @param movedTo where old results were moved ({@link State#MOVED_ASIDE}), else null
     */
    record Outcome(State state, Path movedTo) {
    }

    /**
     * Checks the results folder (which exists and is locked by this process) against the configuration, moves
     * old results aside if asked, and writes {@code config.conf}.
     *
     * @param settings the experiment
     * @param fresh {@code --fresh}: start over, moving any old results aside
     * @param ignored names in the folder that are not results (the lock file)
     * @return what was found
     * @throws ConfigError (exit 2) if the folder holds results of another configuration (or results without
     *     {@code config.conf}) and {@code fresh} is not set
     * @throws IOException if the folder cannot be read, the old results cannot be moved or {@code config.conf}
     *     cannot be written
     */
    static Outcome prepare(ExperimentSettings settings, boolean fresh, List<String> ignored) throws IOException {
        Path dir = settings.experiment().outputDirectory();
        if (dir.getFileName() == null || !dir.getFileName().toString().equals(settings.experiment().name())) {
            throw new ConfigError(settings.location("experiment.name") + ": experiment.name: '" + settings.experiment().name()
                    + "' does not name a folder of experiment.output-dir (" + dir + "); refusing to write there");
        }
        removeStaleTemporaries(dir);
        List<Path> entries = entries(dir, ignored);
        State state = State.NEW;
        Path movedTo = null;
        if (!entries.isEmpty()) {
            if (fresh) {
                movedTo = moveAside(dir, entries);
                state = State.MOVED_ASIDE;
            } else {
                List<String> differences = differences(settings, dir);
                if (!differences.isEmpty()) {
                    throw refusal(settings, dir, differences);
                }
                state = State.RESUMED;
            }
        }
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), render(settings.resolved()));
        return new Outcome(state, movedTo);
    }

    /**
     * @param config an effective configuration
     * @return it as written to {@code config.conf}
     */
    static String render(Config config) {
        return config.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }

    /**
     * Removes the temporary files of atomic writes ({@code .<name>.<pid>-<n>.tmp}, {@code <name>.<n>.tmp}) that a
     * killed process left in the
     * folder and its subfolders: this process holds the folder's lock, so no other writer is using them.
     */
    private static void removeStaleTemporaries(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            for (Path p : walk.filter(p -> isTemporary(p.getFileName().toString()) && Files.isRegularFile(p)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Temporary files of atomic writes (not the write check of another process starting: it removes its own). */
    private static boolean isTemporary(String name) {
        return name.endsWith(".tmp") && !name.startsWith(".write-check-");
    }

    /** @return the folder's entries that count as results (not the lock, not temporary files of an atomic write) */
    private static List<Path> entries(Path dir, List<String> ignored) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> {
                String name = p.getFileName().toString();
                return !ignored.contains(name) && !isTemporary(name);
            }).sorted().toList();
        }
    }

    /** @return the keys that differ between the saved configuration and the current one; a placeholder if none is saved */
    private static List<String> differences(ExperimentSettings settings, Path dir) {
        Path saved = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(saved)) {
            return List.of("(" + CONFIG_FILE + " is missing: the folder holds files that are not results of this configuration)");
        }
        Config old;
        try {
            old = ConfigFactory.parseFile(saved.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            return List.of("(" + CONFIG_FILE + " cannot be read: " + e.getMessage() + ")");
        }
        return EffectiveConfig.differences(old, settings.resolved());
    }

    private static ConfigError refusal(ExperimentSettings settings, Path dir, List<String> differences) {
        String name = settings.experiment().name();
        return new ConfigError(settings.location("experiment.name") + ": experiment.name: the results folder " + dir
                + " holds results of another configuration; differing keys (saved -> now):\n    "
                + String.join("\n    ", differences)
                + "\n  either start over with --fresh (the old results are moved aside to " + dir.getFileName()
                + ".<date-time>), or give the experiment another name (-Dexperiment.name=" + name + "-2)");
    }

    /** Moves the old results into a new sibling folder named after the folder and the time (UTC). */
    private static Path moveAside(Path dir, List<Path> entries) throws IOException {
        String base = dir.getFileName() + "." + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        Path target = dir.resolveSibling(base);
        for (int i = 2; Files.exists(target); i++) {
            target = dir.resolveSibling(base + "-" + i);
        }
        Files.createDirectory(target);
        for (Path p : entries) {
            Files.move(p, target.resolve(p.getFileName()));
        }
        return target;
    }
}
