package io.deepbootstrap.app;

import io.deepbootstrap.core.plugin.PluginListing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists loaded plugins, the components each contributed, and the plugins that failed to load. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List loaded plugins (id, version, state, file) with their components, and plugins that failed to load.")
final class PluginsCommand implements Callable<Integer> {
    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default: plugins/ next to the launcher).")
    Path pluginsDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Application app = Application.start(Application.userPluginsDir(pluginsDir, "plugins"), new PrintWriter(java.io.Writer.nullWriter()))) {
            out.println("plugin folders: " + app.pluginDirs());
            PluginListing.lines(app.plugins()).forEach(out::println);
        }
        return 0;
    }
}
