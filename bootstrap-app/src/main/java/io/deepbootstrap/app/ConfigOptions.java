package io.deepbootstrap.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that read an experiment configuration. */
final class ConfigOptions {
    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override a configuration key, e.g. -Dtraining.steps=200 or -Ddata.train-sizes=[500,2000].")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default: plugins.dir of the configuration).")
    Path pluginsDir;
}
