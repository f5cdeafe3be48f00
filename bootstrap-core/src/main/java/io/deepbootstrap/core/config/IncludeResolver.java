package io.deepbootstrap.core.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseable;
import java.io.File;
import java.nio.file.Path;

/**
 * Includes files as Typesafe Config does, but a missing {@code include required(...)} is reported with the path
 * it was looked for at. Typesafe Config falls back to the class path when a sibling file is missing and then says
 * "resource not found on classpath", which names neither the folder nor the file the user meant.
 */
final class IncludeResolver implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderClasspath {
    private final ConfigIncluder fallback;

    IncludeResolver() {
        this(null);
    }

    private IncludeResolver(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder other) {
        if (other == null || other == this || other == fallback) {
            return this;
        }
        return new IncludeResolver(fallback == null ? other : fallback.withFallback(other));
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        try {
            return fallback.include(context, what);
        } catch (ConfigException.IO e) {
            throw missing("include required(\"" + what + "\")", sibling(context, what), e);
        }
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        try {
            return ((ConfigIncluderFile) fallback).includeFile(context, what);
        } catch (ConfigException.IO e) {
            throw missing("include required(file(\"" + what + "\"))", what.toPath().toAbsolutePath().normalize().toString(), e);
        }
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        try {
            return ((ConfigIncluderClasspath) fallback).includeResources(context, what);
        } catch (ConfigException.IO e) {
            throw missing("include required(classpath(\"" + what + "\"))", "the class path", e);
        }
    }

    /** Where a relative include is looked for: next to the file that contains it (Typesafe Config's rule). */
    private static String sibling(ConfigIncludeContext context, String what) {
        Path path = Path.of(what);
        if (path.isAbsolute()) {
            return path.normalize().toString();
        }
        // the including file's folder: "." next to it exists, so Typesafe Config hands back a file parseable
        ConfigParseable here = context.relativeTo(".");
        String folder = here == null ? null : here.origin().filename();
        Path base = folder == null ? Path.of("").toAbsolutePath() : Path.of(folder);
        String found = base.resolve(what).normalize().toString();
        return path.getFileName().toString().contains(".") ? found : found + "{.conf,.json,.properties}";
    }

    private static MissingInclude missing(String include, String where, ConfigException.IO cause) {
        boolean notFound = cause.getMessage().contains("not found") || cause.getCause() instanceof java.io.FileNotFoundException;
        String problem = notFound ? "not found: " + where
                : "cannot be read (" + where + "): " + cause.getMessage();
        return new MissingInclude(include + ": " + problem, cause);
    }

    /** A required include that could not be read; the message names the include and the path tried. */
    static final class MissingInclude extends ConfigException {
        private static final long serialVersionUID = 1L;

        MissingInclude(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
