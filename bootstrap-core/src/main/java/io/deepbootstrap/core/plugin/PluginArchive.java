package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One plugin file, opened for loading before any of its classes is. Two layouts:
 * <ul>
 *   <li>a jar: the plugin's classes, {@code META-INF/MANIFEST.MF} and {@code reference.conf} at its root;
 *       libraries it bundles may sit inside it as {@code lib/*.jar};</li>
 *   <li>a zip: {@code classes/} (the same content as the jar) and {@code lib/*.jar}.</li>
 * </ul>
 * A zip, and a jar that bundles libraries, are unpacked into a temporary folder in the zip layout (so that
 * the bundled libraries are on the plugin's class path, isolated from the application's); a plain jar is
 * used where it lies. Every bundled jar must be a readable jar. The archive knows the names and bytes of
 * the plugin's own classes and the class names its libraries provide.
 */
final class PluginArchive implements AutoCloseable {
    private static final String LIB = "lib/";
    private static final String CLASSES = "classes/";

    private final Path file;
    private final Path loadPath;
    private final Path classesRoot;
    private final List<Path> libraries;
    private final Map<String, Path> ownClasses;
    private final Set<String> libraryClasses;
    private final FileSystem jar;

    private PluginArchive(Path file, Path loadPath, Path classesRoot, List<Path> libraries, Map<String, Path> ownClasses,
                          Set<String> libraryClasses, FileSystem jar) {
        this.file = file;
        this.jar = jar;
        this.loadPath = loadPath;
        this.classesRoot = classesRoot;
        this.libraries = libraries;
        this.ownClasses = ownClasses;
        this.libraryClasses = libraryClasses;
    }

    /**
     * @param file a {@code .jar} or {@code .zip} plugin file
     * @param temp where archives are unpacked
     * @return the opened archive; close it when the loading pass is over
     * @throws BadPluginException if the file or a bundled jar is not a readable archive
     */
    static PluginArchive open(Path file, PluginTempFolders temp) {
        boolean zip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        List<String> entries = entryNames(file, "corrupt archive");
        boolean bundles = entries.stream().anyMatch(PluginArchive::isLibraryJar);
        if (!zip && !bundles) {
            FileSystem jar = openJar(file);
            try {
                Path root = jar.getPath("/");
                return new PluginArchive(file, file, root, List.of(), ownClasses(root), Set.of(), jar);
            } catch (RuntimeException e) {
                closeQuietly(jar);
                throw e;
            }
        }
        Path dir = unpack(file, temp, zip);
        List<Path> libraries = new ArrayList<>();
        Set<String> libraryClasses = new TreeSet<>();
        Path lib = dir.resolve(LIB);
        if (Files.isDirectory(lib)) {
            for (Path jar : list(lib)) {
                if (isLibraryJar(LIB + jar.getFileName())) {
                    String what = "bundled library " + LIB + jar.getFileName() + " is not a readable jar";
                    entryNames(jar, what).stream().map(PluginArchive::className).filter(n -> n != null).forEach(libraryClasses::add);
                    libraries.add(jar);
                }
            }
        }
        return new PluginArchive(file, dir, dir.resolve(CLASSES), List.copyOf(libraries), ownClasses(dir.resolve(CLASSES)),
                Collections.unmodifiableSet(libraryClasses), null);
    }

    private static FileSystem openJar(Path file) {
        try {
            return FileSystems.newFileSystem(file);
        } catch (IOException | RuntimeException e) {
            throw new BadPluginException("corrupt archive (" + PluginMessages.describe(e, "unreadable") + ")");
        }
    }

    private static void closeQuietly(FileSystem fs) {
        try {
            fs.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }

    /** Releases the jar read in place (its classes stay loadable through the plugin's class loader). */
    @Override
    public void close() {
        if (jar != null) {
            closeQuietly(jar);
        }
    }

    /** @return the file as found in the plugins folder */
    Path file() {
        return file;
    }

    /** @return what PF4J loads: the jar itself, or the folder it was unpacked to ({@code classes/}, {@code lib/}) */
    Path loadPath() {
        return loadPath;
    }

    /** @return the bundled libraries, in file-name order */
    List<Path> libraries() {
        return libraries;
    }

    /** @return the binary names of the plugin's own classes, sorted */
    Set<String> ownClassNames() {
        return ownClasses.keySet();
    }

    /** @return the binary names of the classes its bundled libraries provide */
    Set<String> libraryClassNames() {
        return libraryClasses;
    }

    /**
     * @param className one of {@link #ownClassNames()}
     * @return its class file
     * @throws IOException if it cannot be read
     */
    byte[] classBytes(String className) throws IOException {
        return Files.readAllBytes(ownClasses.get(className));
    }

    /**
     * The plugin's own {@code reference.conf}, read without a class loader (for messages about a plugin
     * that was refused before its class loader existed).
     *
     * @return its content, or an empty config if it has none or it cannot be parsed
     */
    Config ownReferenceConf() {
        Path conf = classesRoot.resolve("reference.conf");
        if (!Files.isRegularFile(conf)) {
            return ConfigFactory.empty();
        }
        try {
            return ConfigFactory.parseURL(conf.toUri().toURL());
        } catch (IOException | RuntimeException e) {
            return ConfigFactory.empty();
        }
    }

    private static boolean isLibraryJar(String entry) {
        return entry.startsWith(LIB) && entry.endsWith(".jar") && entry.indexOf('/', LIB.length()) < 0;
    }

    private static String className(String entry) {
        if (!entry.endsWith(".class") || entry.startsWith("META-INF/") || entry.endsWith("module-info.class")) {
            return null;
        }
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    private static Map<String, Path> ownClasses(Path root) {
        Map<String, Path> classes = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return classes;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                String name = className(root.relativize(p).toString().replace('\\', '/'));
                if (name != null) {
                    classes.put(name, p);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new BadPluginException("cannot read its classes: " + PluginMessages.describe(e, "I/O error"));
        }
        return classes;
    }

    private static List<String> entryNames(Path archive, String what) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<String> names = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                names.add(entries.nextElement().getName());
            }
            return names;
        } catch (IOException | RuntimeException e) {
            throw new BadPluginException(what + " (" + PluginMessages.describe(e, "unreadable") + ")");
        }
    }

    /** Unpacks a zip as it is, or a jar into the zip layout (lib/*.jar apart, everything else under classes/). */
    private static Path unpack(Path file, PluginTempFolders temp, boolean zip) {
        String base = file.getFileName().toString();
        try (ZipFile archive = new ZipFile(file.toFile())) {
            Path target = temp.newFolder(base.substring(0, base.length() - 4));
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!zip && !isLibraryJar(name)) {
                    name = CLASSES + name;
                }
                Path out = target.resolve(name).normalize();
                if (!out.startsWith(target)) {
                    throw new BadPluginException("corrupt archive (entry '" + entry.getName() + "' points outside the archive)");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path properties = target.resolve(CLASSES + "plugin.properties");
            if (!zip && Files.isRegularFile(properties)) {
                Files.copy(properties, target.resolve("plugin.properties")); // where PF4J looks in a folder
            }
            return target;
        } catch (IOException e) {
            throw new BadPluginException("corrupt archive (" + PluginMessages.describe(e, "unreadable") + ")");
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadPluginException("cannot list " + dir + ": " + PluginMessages.describe(e, "I/O error"));
        }
    }

    /** @return a description for logs, e.g. {@code plugins/x.zip (2 bundled jars)} */
    @Override
    public String toString() {
        return file + (libraries.isEmpty() ? "" : " (" + libraries.size() + " bundled jars)");
    }
}
