package io.deepbootstrap.app;

import io.deepbootstrap.core.plugin.PluginListing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists loaded plugins, the components each contributed, and the plugins that failed to load. Exits with 1
 * when a plugin (or one of its components) failed to load, so that scripts and CI notice.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List loaded plugins (id, version, state, file) with their components, and plugins that failed to load. "
                + "Exit code 1 if any plugin or component failed to load.")
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
            return app.plugins().errors().isEmpty() ? 0 : 1;
        }
    }
}
