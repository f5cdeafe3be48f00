package io.deepbootstrap.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.core.registry.ComponentRegistration;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Lists every registered component with its parameters and defaults. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every component (data sources, architectures, augmentations, metrics, run listeners) with its parameters and defaults.")
final class ListCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default: plugins/ next to the launcher).")
    java.nio.file.Path pluginsDir;

    @Override
    public Integer call() {
        try (Application app = Application.start(Application.userPluginsDir(pluginsDir, "plugins"), spec.commandLine().getErr())) {
            print(app);
        }
        return 0;
    }

    private void print(Application app) {
        Config defaults = app.defaults().resolve();
        PrintWriter out = spec.commandLine().getOut();
        for (ComponentKind kind : ComponentKind.values()) {
            out.println(kind.id() + "s:");
            for (ComponentRegistration r : app.registry().registrations(kind)) {
                out.printf("  %-20s %s%s%n", r.name(), r.factory().description(), r.fromPlugin() ? "  [plugin " + r.pluginId() + "]" : "");
                String path = kind.defaultsPath(r.name());
                if (defaults.hasPath(path)) {
                    Map<String, ConfigValue> params = new TreeMap<>();
                    defaults.getConfig(path).entrySet().forEach(e -> params.put(e.getKey(), e.getValue()));
                    params.forEach((k, v) -> out.printf("      %s = %s%n", k, v.render(ConfigRenderOptions.concise())));
                }
            }
            out.println();
        }
    }
}
