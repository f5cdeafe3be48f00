package io.deepbootstrap.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the {@code bootstrap-api} SPI this application provides: the root pom's
 * {@code bootstrap.api.version}, written into a filtered resource at build time. Plugins state the API
 * version they need in their manifest's {@code Plugin-Requires}; a plugin that requires a newer API is
 * rejected. The build's japicmp check (profile {@code api-compatibility} of the root pom) guards the versioning rule.
 */
public final class ApiVersion {
    private static final String RESOURCE = "api-version.properties";
    private static final String CURRENT = read();

    private ApiVersion() {
    }

    /** @return the API version, e.g. {@code 0.1.0} */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = ApiVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing next to " + ApiVersion.class.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("api.version", "").trim();
            if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
                throw new IllegalStateException(RESOURCE + ": api.version must look like 1.2.3, got '" + version
                        + "' (was the resource filtered by Maven?)");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
