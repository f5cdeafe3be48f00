package io.deepbootstrap.core.testing;

import com.typesafe.config.Config;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.result.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds and runs experiments from HOCON text with the core and the test fixtures, as the app does. */
public final class Harness {
    public static final ComponentRegistry REGISTRY = new ComponentRegistry(java.util.stream.Stream.concat(
            BuiltInComponents.discover(Harness.class.getClassLoader(), ConfigLoader.defaults(Harness.class.getClassLoader())).stream(),
            TestComponents.registrations().stream()).toList());

    private Harness() {
    }

    /** A small default: blobs, softmax regression, 200 steps. */
    public static final String BASE = """
            experiment { name = test, output-dir = "%s" }
            data { type = blobs, train-sizes = [40, 160], test-size = 300 }
            training { steps = 200, batch-size = 16, optimizer { learning-rate = 0.5, momentum = 0 }, schedule { type = constant }, prefetch = 0 }
            evaluation { points = 8, batch-size = 64 }
            architectures = [ { type = softmax } ]
            """;

    /** @param dir output root @param extra HOCON appended to {@link #BASE} @return validated settings */
    public static ExperimentSettings settings(Path dir, String extra) throws Exception {
        Path file = dir.resolve("experiment.conf");
        Files.writeString(file, BASE.formatted(dir.resolve("out").toString().replace("\\", "/")) + extra);
        return settings(file, Map.of());
    }

    /** @param file config file @param overrides -D overrides @return validated settings */
    public static ExperimentSettings settings(Path file, Map<String, String> overrides) {
        ConfigLoader.UserConfig user = ConfigLoader.loadUser(file, overrides);
        Config defaults = ConfigLoader.defaults(Harness.class.getClassLoader());
        Config merged = ConfigLoader.merge(user.user(), defaults);
        return ExperimentSettings.parse(user.user(), defaults, merged, user.baseDirectory(), REGISTRY);
    }

    /** @param settings the experiment @return its run records */
    public static List<RunRecord> run(ExperimentSettings settings) {
        try (ExperimentRunner.Prepared p = new ExperimentRunner(REGISTRY).prepare(settings)) {
            List<RunRecord> after = new ArrayList<>();
            return p.run(new io.deepbootstrap.api.run.RunListener() { }, after::addAll);
        }
    }
}
