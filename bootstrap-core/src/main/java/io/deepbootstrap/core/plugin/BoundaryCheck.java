package io.deepbootstrap.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enforces the {@linkplain PluginBoundary plugin boundary} before a plugin's classes are loaded: reads
 * every class of the plugin's own code (not its bundled libraries, whose optional dependencies are their
 * business) and refuses the plugin if one of them refers to an application class that plugins do not see
 * — an internal class of the framework, or a class of a library the application uses but does not share
 * (the plugin must bundle its own copy). The refusal names the plugin class and the class it uses.
 */
final class BoundaryCheck {
    private static final int SHOWN = 4;

    private final ClassLoader application;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
    private final String apiVersion;
    private final Map<String, String> verdicts = new HashMap<>();

    /**
     * @param application the application's class loader
     * @param apiVersion the API version, for messages about API classes this application lacks
     */
    BoundaryCheck(ClassLoader application, String apiVersion) {
        this.application = application;
        this.apiVersion = apiVersion;
    }

    /**
     * Reads the plugin's own classes.
     *
     * @param archive the plugin
     * @return each class's references, by class name (classes of shared packages the plugin bundles by
     *     mistake are left out: the application's copies are used instead)
     * @throws BadPluginException if a class file cannot be read or was compiled for a newer Java
     */
    static Map<String, ClassReferences> read(PluginArchive archive) {
        int supported = Runtime.version().feature() + 44;
        Map<String, ClassReferences> classes = new LinkedHashMap<>();
        for (String name : archive.ownClassNames()) {
            if (PluginBoundary.isShared(name)) {
                continue;
            }
            try {
                byte[] bytes = archive.classBytes(name);
                int major = ClassReferences.majorVersion(bytes);
                if (major > supported) {
                    throw new BadPluginException("class " + name + " was compiled for Java " + (major - 44) + " (class file version "
                            + major + "); this application runs on Java " + Runtime.version().feature()
                            + ": compile the plugin with --release " + Runtime.version().feature() + " or lower");
                }
                classes.put(name, ClassReferences.read(bytes));
            } catch (IOException | RuntimeException e) {
                if (e instanceof BadPluginException bad) {
                    throw bad;
                }
                throw new BadPluginException("class " + name + " cannot be read (" + PluginMessages.typed(e) + ")");
            }
        }
        return classes;
    }

    /**
     * @param pluginId the plugin
     * @param classes its classes, from {@link #read}
     * @param visible classes the plugin has besides the application's shared ones: its own, its bundled
     *     libraries' and those of the plugins it depends on
     * @throws BadPluginException naming the first offending uses if the plugin refers to classes it cannot see
     */
    void check(String pluginId, Map<String, ClassReferences> classes, Set<String> visible) {
        List<String> problems = new ArrayList<>();
        for (ClassReferences c : classes.values()) {
            for (String reference : c.references()) {
                if (visible.contains(reference)) {
                    continue;
                }
                String problem = verdicts.computeIfAbsent(reference, this::verdict);
                if (!problem.isEmpty()) {
                    problems.add(c.name() + " uses " + reference + " (" + problem + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
                    + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN) + " more" : "");
            throw new BadPluginException("plugin '" + pluginId + "' refers to classes plugins cannot see: " + shown + ". Plugins see only "
                    + PluginBoundary.summary() + "; bundle any other library with the plugin (lib/*.jar)");
        }
    }

    /** @return why a reference outside the plugin is not allowed, or "" if it is */
    private String verdict(String className) {
        String resource = className.replace('.', '/') + ".class";
        if (className.startsWith("java.")) {
            return "";
        }
        if (PluginBoundary.isShared(className)) {
            boolean exists = application.getResource(resource) != null;
            return exists || !className.startsWith(PluginBoundary.APPLICATION) ? ""
                    : "not part of API " + apiVersion + " of this application: was the plugin built against another version?";
        }
        if (platform.getResource(resource) != null) {
            return "";
        }
        if (PluginBoundary.isApplicationInternal(className)) {
            return "internal to the application";
        }
        URL url = application.getResource(resource);
        return url == null ? "" : "from " + library(url) + ", a library of the application that plugins do not see";
    }

    private static String library(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        if (s.startsWith("jar:") && bang > 0) {
            String jar = s.substring(0, bang);
            return jar.substring(jar.lastIndexOf('/') + 1);
        }
        return "the application's class path";
    }
}
