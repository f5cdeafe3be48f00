package io.deepbootstrap.core.plugin;

import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * Reads and checks a plugin's descriptor: {@code META-INF/MANIFEST.MF} (or {@code plugin.properties}) with
 * {@code Plugin-Id}, {@code Plugin-Version} and {@code Plugin-Requires}, the latter checked against the
 * application's API version by {@link ApiVersionRule}.
 */
final class PluginDescriptors {
    private PluginDescriptors() {
    }

    /**
     * @param archive the opened archive
     * @param apiVersion the application's API version
     * @return its valid descriptor
     * @throws BadPluginException if it is missing, incomplete, or built for another API version
     */
    static PluginDescriptor read(PluginArchive archive, String apiVersion) {
        PluginDescriptor descriptor;
        try {
            descriptor = new CompoundPluginDescriptorFinder()
                    .add(new ManifestPluginDescriptorFinder())
                    .add(new PropertiesPluginDescriptorFinder())
                    .find(archive.loadPath());
        } catch (RuntimeException e) {
            throw new BadPluginException("missing or invalid plugin descriptor: no META-INF/MANIFEST.MF with Plugin-Id and "
                    + "Plugin-Version (" + PluginMessages.describe(e, "not found") + ")");
        }
        if (descriptor == null || blank(descriptor.getPluginId())) {
            throw new BadPluginException("invalid plugin descriptor: Plugin-Id is missing or empty in META-INF/MANIFEST.MF");
        }
        String id = descriptor.getPluginId();
        if (blank(descriptor.getVersion())) {
            throw new BadPluginException("invalid plugin descriptor: Plugin-Version of plugin '" + id
                    + "' is missing or empty in META-INF/MANIFEST.MF");
        }
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new BadPluginException("invalid plugin descriptor: Plugin-Id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        ApiVersionRule.check(id, descriptor.getRequires(), apiVersion);
        return descriptor;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
