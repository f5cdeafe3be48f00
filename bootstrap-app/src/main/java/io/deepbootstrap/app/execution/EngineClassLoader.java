package io.deepbootstrap.app.execution;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads a sweep engine and its libraries (Spark: lib/spark/) beside the application without letting either
 * change the other's library versions: child-first, so the engine's copies of shared libraries (Jackson,
 * Guava, commons-*, SLF4J with log4j2...) win for the engine's classes, while the application keeps its own.
 * The JDK and the framework's API and core ({@code io.deepbootstrap.api}, {@code io.deepbootstrap.core}: the
 * types both sides exchange) always come from the application. Service files ({@code META-INF/services/})
 * that the engine's jars provide hide the application's, so that, for example, the engine's SLF4J finds only
 * the engine's logging provider.
 */
final class EngineClassLoader extends URLClassLoader {
    private static final String[] PARENT_FIRST = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.",
            "io.deepbootstrap.api.", "io.deepbootstrap.core."};

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** @param jars the engine's jars @param parent the application's class loader */
    EngineClassLoader(List<URL> jars, ClassLoader parent) {
        super("sweep-engine", jars.toArray(URL[]::new), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = parentFirst(name) ? fromParentThenHere(name) : fromHereThenParent(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> fromParentThenHere(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException e) {
            return findClass(name); // e.g. javax.servlet, which the JDK does not have
        }
    }

    private Class<?> fromHereThenParent(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return getParent().loadClass(name);
        }
    }

    private static boolean parentFirst(String name) {
        for (String prefix : PARENT_FIRST) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public URL getResource(String name) {
        URL here = findResource(name);
        return here != null ? here : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> here = Collections.list(findResources(name));
        if (name.startsWith("META-INF/services/") && !here.isEmpty()) {
            return Collections.enumeration(here);
        }
        List<URL> all = new ArrayList<>(here);
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
