package io.deepbootstrap.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.deepbootstrap.api.ComponentFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Guards the API's compatibility: the public signatures of {@code io.deepbootstrap.api} (every public
 * type, and its public and protected constructors, methods and fields) must equal the signature file
 * checked in for the current {@code bootstrap.api.version}. Changing the SPI therefore means bumping the
 * version in the root pom and recording the new signatures:
 * {@code mvn test -pl bootstrap-core -Dtest=ApiCompatibilityTest -Dapi.signatures.write=true}.
 */
class ApiCompatibilityTest {
    private static final String PACKAGE = "io/deepbootstrap/api/";
    private static final Path SOURCE_DIR = Path.of("src/test/resources/api-signatures");

    @Test
    void publicApiSignaturesMatchTheFileOfTheCurrentApiVersion() throws Exception {
        String version = ApiVersion.current();
        List<String> actual = signatures();
        assertThat(actual).as("no public API types found").isNotEmpty();
        if (Boolean.getBoolean("api.signatures.write")) {
            Files.createDirectories(SOURCE_DIR);
            Files.write(SOURCE_DIR.resolve(version + ".txt"), header(version, actual), StandardCharsets.UTF_8);
        }
        List<String> expected = recorded(version);
        if (expected == null) {
            fail("there is no API signature file for API version " + version + " (src/test/resources/api-signatures/"
                    + version + ".txt of bootstrap-core); record it with: mvn test -pl bootstrap-core "
                    + "-Dtest=ApiCompatibilityTest -Dapi.signatures.write=true");
        }
        if (!expected.equals(actual)) {
            TreeSet<String> removed = new TreeSet<>(expected);
            actual.forEach(removed::remove);
            TreeSet<String> added = new TreeSet<>(actual);
            expected.forEach(added::remove);
            fail("the public API (io.deepbootstrap.api) changed but bootstrap.api.version is still " + version
                    + ". Bump bootstrap.api.version in the root pom.xml (plugins built against the old version will be "
                    + "checked against the new one), then record the new signatures with: mvn test -pl bootstrap-core "
                    + "-Dtest=ApiCompatibilityTest -Dapi.signatures.write=true\n"
                    + removed.stream().map(s -> "  - " + s).collect(Collectors.joining("\n", "removed or changed:\n", "\n"))
                    + added.stream().map(s -> "  + " + s).collect(Collectors.joining("\n", "added or changed:\n", "\n")));
        }
    }

    @Test
    void signaturesSeeMemberChanges() throws Exception {
        List<String> lines = signatures();
        assertThat(lines).contains(
                "type public abstract interface io.deepbootstrap.api.ComponentFactory<T, C>",
                "method public abstract T io.deepbootstrap.api.ComponentFactory.create(com.typesafe.config.Config,C)");
        assertThat(lines).anyMatch(l -> l.startsWith("constructor public io.deepbootstrap.api.Batch(io.deepbootstrap.api.InputShape,int,int)"));
    }

    private static List<String> header(String version, List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add("# Public signatures of io.deepbootstrap.api at API version " + version + " (bootstrap.api.version).");
        out.add("# Written by ApiCompatibilityTest with -Dapi.signatures.write=true; do not edit by hand.");
        out.addAll(lines);
        return out;
    }

    private static List<String> recorded(String version) throws IOException {
        try (InputStream in = ApiCompatibilityTest.class.getResourceAsStream("/api-signatures/" + version + ".txt")) {
            if (in == null) {
                Path source = SOURCE_DIR.resolve(version + ".txt");
                return Files.exists(source) ? strip(Files.readAllLines(source)) : null;
            }
            return strip(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
    }

    private static List<String> strip(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
    }

    /** @return one line per public type and public or protected member of the API, sorted */
    static List<String> signatures() throws IOException, URISyntaxException, ClassNotFoundException {
        Path location = Path.of(ComponentFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classNames = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location.resolve(PACKAGE))) {
                walk.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> classNames.add(location.relativize(p).toString().replace('\\', '/')));
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(PACKAGE) && n.endsWith(".class")).forEach(classNames::add);
            }
        }
        TreeSet<String> lines = new TreeSet<>();
        for (String file : classNames) {
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
            if (name.endsWith("package-info") || name.endsWith("module-info")) {
                continue;
            }
            Class<?> type = Class.forName(name, false, ComponentFactory.class.getClassLoader());
            if (!isVisible(type)) {
                continue;
            }
            lines.add(typeLine(type));
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (exposed(c.getModifiers()) && !c.isSynthetic()) {
                    lines.add("constructor " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add("method " + m.toGenericString());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add("field " + f.toGenericString());
                }
            }
        }
        return List.copyOf(lines);
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (c.isAnonymousClass() || c.isLocalClass() || !exposed(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String typeLine(Class<?> type) {
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
                : type.isRecord() ? "record" : "class";
        int modifiers = type.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL);
        StringBuilder line = new StringBuilder("type ").append(Modifier.toString(modifiers)).append(' ')
                .append(type.isSealed() ? "sealed " : "").append(kind).append(' ').append(type.getName());
        if (type.getTypeParameters().length > 0) {
            line.append(Arrays.stream(type.getTypeParameters()).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">")));
        }
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            line.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            line.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (type.isSealed()) {
            line.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return line.toString();
    }
}
