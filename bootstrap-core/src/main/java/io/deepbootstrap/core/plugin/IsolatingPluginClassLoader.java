package io.deepbootstrap.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader, enforcing the {@linkplain PluginBoundary plugin boundary}. A class is looked
 * up
 * <ol>
 *   <li>in the application, if it is {@linkplain PluginBoundary#isShared shared} (the SPI, the toolkit
 *       surface, the platform libraries), so that a plugin's factories implement the very interfaces the
 *       framework uses, and a copy the plugin bundles by mistake is ignored;</li>
 *   <li>in the JDK;</li>
 *   <li>in the plugin's own archive (its classes, then its bundled {@code lib/*.jar});</li>
 *   <li>in the plugins it depends on ({@code Plugin-Dependencies}).</li>
 * </ol>
 * Nothing else of the application is visible: its internal classes and the libraries it does not share
 * are not found, so a plugin that bundles its own version of a library always gets it. Resources follow
 * the same order (the application's only in shared packages).
 */
public class IsolatingPluginClassLoader extends PluginClassLoader {
    private final ClassLoader application;
    private final String pluginId;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /**
     * @param pluginManager the manager that owns the plugin
     * @param descriptor the plugin's descriptor
     * @param application the application's class loader (only its shared classes are used)
     */
    public IsolatingPluginClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, ClassLoader application) {
        super(pluginManager, descriptor, application, ClassLoadingStrategy.PDA);
        this.application = application;
        this.pluginId = descriptor.getPluginId();
    }

    /**
     * @param className a binary class name
     * @return true if the class belongs to a shared package and is taken from the application
     */
    public static boolean isShared(String className) {
        return PluginBoundary.isShared(className);
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return loadClass(name, false);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (PluginBoundary.isShared(name)) {
            return application.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = fromPlatform(name);
            }
            if (c == null) {
                c = fromArchive(name);
            }
            if (c == null) {
                c = fromDependencies(name);
            }
            if (c == null) {
                throw new ClassNotFoundException(name + " (neither in plugin '" + pluginId + "' nor shared with plugins, which see only "
                        + PluginBoundary.summary() + ")");
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> fromPlatform(String name) {
        try {
            return platform.loadClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private Class<?> fromArchive(String name) {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private Class<?> fromDependencies(String name) {
        return loadClassFromDependencies(name); // null when no dependency has it
    }

    /** @return e.g. {@code plugin 'ece'}, as messages about a plugin's classes name their origin */
    @Override
    public String toString() {
        return "plugin '" + pluginId + "'";
    }

    @Override
    public URL getResource(String name) {
        if (PluginBoundary.isSharedResource(name)) {
            return application.getResource(name);
        }
        URL url = platform.getResource(name);
        if (url == null) {
            url = findResource(name);
        }
        if (url == null) {
            url = findResourceFromDependencies(name);
        }
        return url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (PluginBoundary.isSharedResource(name)) {
            return application.getResources(name);
        }
        Set<URL> urls = new LinkedHashSet<>(Collections.list(platform.getResources(name)));
        urls.addAll(Collections.list(findResources(name)));
        urls.addAll(findResourcesFromDependencies(name));
        return Collections.enumeration(new ArrayList<>(urls));
    }

    /**
     * @param name a resource name
     * @return the resources of that name in the plugin's own archive (classes and bundled jars) only
     * @throws IOException if the archive cannot be read
     */
    List<URL> ownResources(String name) throws IOException {
        return Collections.list(findResources(name));
    }
}
