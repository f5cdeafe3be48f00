package io.deepbootstrap.core.plugin;

import io.deepbootstrap.core.registry.ComponentRegistration;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A plugin that was loaded, as {@code bootstrap plugins} lists it.
 *
 * @param id the plugin id ({@code Plugin-Id})
 * @param version its version ({@code Plugin-Version})
 * @param state its PF4J state, e.g. {@code STARTED} or {@code DISABLED}
 * @param file the archive it was loaded from
 * @param provider {@code Plugin-Provider}, or empty
 * @param description {@code Plugin-Description}, or empty
 * @param requires {@code Plugin-Requires}: the API version it was built against
 * @param components the components it contributed
 * @param packages the packages of its own classes (its loggers' names start with them)
 * @param warnings problems that did not stop it from loading, one line each (e.g. a factory class that is
 *     not listed, so not registered)
 */
public record LoadedPlugin(String id, String version, String state, Path file, String provider, String description,
                           String requires, List<ComponentRegistration> components, Set<String> packages, List<String> warnings) {

    public LoadedPlugin {
        components = List.copyOf(components);
        packages = Set.copyOf(packages);
        warnings = List.copyOf(warnings);
    }
}
