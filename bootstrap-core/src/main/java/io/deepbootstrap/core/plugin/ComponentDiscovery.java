package io.deepbootstrap.core.plugin;

import io.deepbootstrap.api.ComponentKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds component factories the way built-ins and plugins both declare them: in provider-configuration
 * files {@code META-INF/services/<factory interface>} ({@link java.util.ServiceLoader}'s format: one class
 * name per line, {@code #} starts a comment), one file per component kind. Nothing is loaded here.
 */
final class ComponentDiscovery {

    /**
     * One listed factory class.
     *
     * @param kind the kind, from the file's name
     * @param className the binary class name listed
     * @param file the file that lists it, for messages
     */
    record Listed(ComponentKind kind, String className, URL file) {
    }

    /** Where provider-configuration files are looked up. */
    @FunctionalInterface
    interface Resources {
        /**
         * @param name a resource name
         * @return every resource of that name
         * @throws IOException if they cannot be listed
         */
        List<URL> find(String name) throws IOException;
    }

    private ComponentDiscovery() {
    }

    /**
     * @param kind a component kind
     * @return the name of the file listing its factories, e.g.
     *     {@code META-INF/services/io.deepbootstrap.api.metric.MetricFactory}
     */
    static String servicesFile(ComponentKind kind) {
        return "META-INF/services/" + kind.factoryType().getName();
    }

    /**
     * @param resources where to look (a plugin's own archive, or the application's class path)
     * @return every listed class, kind by kind, each once per kind, in file then line order
     * @throws BadPluginException if a file cannot be read or holds a line that is not a class name
     */
    static List<Listed> find(Resources resources) {
        List<Listed> listed = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            String name = servicesFile(kind);
            Set<String> seen = new LinkedHashSet<>();
            try {
                for (URL url : resources.find(name)) {
                    for (String className : read(url, name)) {
                        if (seen.add(className)) {
                            listed.add(new Listed(kind, className, url));
                        }
                    }
                }
            } catch (IOException e) {
                throw new BadPluginException("cannot read " + name + ": " + PluginMessages.describe(e, "I/O error"));
            }
        }
        return listed;
    }

    private static List<String> read(URL url, String name) throws IOException {
        List<String> classes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                int hash = line.indexOf('#');
                String className = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (className.isEmpty()) {
                    continue;
                }
                if (!className.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
                        + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*")) {
                    throw new BadPluginException(name + " line " + number + ": '" + className + "' is not a class name");
                }
                classes.add(className);
            }
        }
        return classes;
    }
}
