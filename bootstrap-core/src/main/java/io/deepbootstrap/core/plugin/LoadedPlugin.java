package io.deepbootstrap.core.plugin;

import io.deepbootstrap.core.registry.ComponentRegistration;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin that was loaded, as {@code bootstrap plugins} lists it.
 *
 * @param id the plugin id ({@code Plugin-Id})
 * @param version its version ({@code Plugin-Version})
 * @param state its PF4J state, e.g. {@code STARTED} or {@code DISABLED}
 * @param file the archive it was loaded from
 * @param provider {@code Plugin-Provider}, or empty
 * @param description {@code Plugin-Description}, or empty
 * @param requires {@code Plugin-Requires}, or {@code *}
 * @param components the components it contributed
 */
public record LoadedPlugin(String id, String version, String state, Path file, String provider, String description,
                           String requires, List<ComponentRegistration> components) {

    public LoadedPlugin {
        components = List.copyOf(components);
    }
}
