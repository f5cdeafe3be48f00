package io.deepbootstrap.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The factory classes a plugin archive lists in its {@code META-INF/services} files, and a class loader that hides
 * the class path's copies of those files (a plugin's tests have its {@code target/classes} on the class path, which
 * would otherwise register its components as built-ins, clashing with the archive's).
 */
final class ArchiveServices {
    private static final String SERVICES = "META-INF/services/";

    private ArchiveServices() {
    }

    /**
     * @param archive a plugin jar ({@code META-INF/services/...}) or zip ({@code classes/META-INF/services/...})
     * @return the class names listed in its provider-configuration files
     */
    static Set<String> factoryClasses(Path archive) {
        Set<String> names = new HashSet<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && (name.startsWith(SERVICES) || name.startsWith("classes/" + SERVICES))) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        names.addAll(listed(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin archive " + archive + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** The class names of a provider-configuration file: one per line, {@code #} starts a comment. */
    static Set<String> listed(String content) {
        Set<String> names = new HashSet<>();
        for (String line : content.split("\n")) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Delegates everything to the application's class loader, but hides service files listing the plugin's classes. */
    static final class Hiding extends ClassLoader {
        private final Set<String> hidden;

        Hiding(ClassLoader application, Set<String> hidden) {
            super(application);
            this.hidden = Set.copyOf(hidden);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> all = super.getResources(name);
            if (!name.startsWith(SERVICES) || hidden.isEmpty()) {
                return all;
            }
            List<URL> kept = new java.util.ArrayList<>();
            for (URL url : Collections.list(all)) {
                try (InputStream in = url.openStream()) {
                    if (Collections.disjoint(listed(new String(in.readAllBytes(), StandardCharsets.UTF_8)), hidden)) {
                        kept.add(url);
                    }
                }
            }
            return Collections.enumeration(kept);
        }
    }
}
