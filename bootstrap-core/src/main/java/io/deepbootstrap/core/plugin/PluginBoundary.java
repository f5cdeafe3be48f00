package io.deepbootstrap.core.plugin;

import java.util.List;

/**
 * The plugin boundary: which of the application's classes a plugin sees. A plugin sees exactly
 * <ul>
 *   <li>the SPI, {@code io.deepbootstrap.api.*};</li>
 *   <li>the model toolkit surface, {@code io.deepbootstrap.toolkit.*}, except its non-public package
 *       {@code io.deepbootstrap.toolkit.internal.*};</li>
 *   <li>the platform libraries that must exist once per JVM: ND4J and DL4J with JavaCPP (their native code
 *       loads once per process; a second copy would fail to load it), Typesafe Config (component
 *       configurations are {@code Config} objects) and the SLF4J API (one logging back end);</li>
 *   <li>{@code org.pf4j.Plugin}, the optional base class of a {@code Plugin-Class} with start/stop hooks;</li>
 *   <li>the JDK.</li>
 * </ul>
 * Every other class of the application — {@code io.deepbootstrap.core/data/models/app/bench}, and the
 * libraries it ships (Guava, Jackson, commons-math3, XChart, picocli, Guice, PF4J, ...) — is invisible: a
 * plugin that needs such a library bundles its own copy, and a plugin whose classes refer to an
 * application class it cannot see is refused when it is loaded.
 */
public final class PluginBoundary {

    /** Package prefixes whose classes a plugin always takes from the application. */
    public static final List<String> SHARED_PACKAGES = List.of(
            "io.deepbootstrap.api.",
            "io.deepbootstrap.toolkit.",
            "org.nd4j.",
            "org.deeplearning4j.",
            "org.bytedeco.",
            "com.typesafe.config.",
            "org.slf4j.");

    /** Single classes a plugin takes from the application although their packages are not shared. */
    public static final List<String> SHARED_CLASSES = List.of("org.pf4j.Plugin");

    /** The toolkit's non-public package: part of the application, not of the plugin surface. */
    public static final String TOOLKIT_INTERNAL = "io.deepbootstrap.toolkit.internal.";

    /** The application's own namespace. */
    public static final String APPLICATION = "io.deepbootstrap.";

    private PluginBoundary() {
    }

    /**
     * @param className a binary class name, e.g. {@code io.deepbootstrap.api.metric.MetricFactory}
     * @return true if plugins take this class from the application
     */
    public static boolean isShared(String className) {
        if (className.startsWith(TOOLKIT_INTERNAL)) {
            return false;
        }
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return SHARED_CLASSES.contains(className);
    }

    /**
     * @param resourceName a resource path, e.g. {@code org/nd4j/linalg/factory/Nd4j.class}
     * @return true if it lies in a shared package, so that plugins read it from the application
     */
    public static boolean isSharedResource(String resourceName) {
        String path = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        if (path.endsWith(".class")) {
            return isShared(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
        int slash = path.lastIndexOf('/');
        String pkg = path.substring(0, slash + 1).replace('/', '.');
        return slash > 0 && !pkg.startsWith(TOOLKIT_INTERNAL) && SHARED_PACKAGES.stream().anyMatch(pkg::startsWith);
    }

    /**
     * @param className a binary class name
     * @return true if it belongs to the application's own namespace but not to the plugin surface
     */
    public static boolean isApplicationInternal(String className) {
        return className.startsWith(APPLICATION) && !isShared(className);
    }

    /** @return one line listing what plugins see, for messages */
    public static String summary() {
        return "io.deepbootstrap.api.*, io.deepbootstrap.toolkit.* (not .internal), ND4J/DL4J/JavaCPP, "
                + "Typesafe Config, SLF4J and the JDK (docs/plugins.md)";
    }
}
