package io.deepbootstrap.core.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;

/**
 * Builds the {@link IsolatingPluginClassLoader} of a plugin: a jar file, or a directory holding an
 * unpacked plugin ({@code classes/} and {@code lib/*.jar}, see {@link PluginArchive}).
 */
final class ArchivePluginLoader implements PluginLoader {
    private final PluginManager manager;
    private final java.util.function.Supplier<ClassLoader> application;

    /**
     * @param manager the manager that owns the plugins
     * @param application the application's class loader (supplied late: PF4J builds its loader in the
     *     manager's constructor)
     */
    ArchivePluginLoader(PluginManager manager, java.util.function.Supplier<ClassLoader> application) {
        this.manager = manager;
        this.application = application;
    }

    @Override
    public boolean isApplicable(Path pluginPath) {
        return Files.isDirectory(pluginPath)
                || (Files.isRegularFile(pluginPath) && pluginPath.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jar"));
    }

    @Override
    public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
        IsolatingPluginClassLoader loader = new IsolatingPluginClassLoader(manager, descriptor, application.get());
        if (Files.isDirectory(pluginPath)) {
            Path classes = pluginPath.resolve("classes");
            if (Files.isDirectory(classes)) {
                loader.addFile(classes.toFile());
            }
            Path lib = pluginPath.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    List<Path> sorted = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
                    sorted.forEach(jar -> loader.addFile(jar.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + lib, e);
                }
            }
        } else {
            loader.addFile(pluginPath.toFile());
        }
        return loader;
    }
}
