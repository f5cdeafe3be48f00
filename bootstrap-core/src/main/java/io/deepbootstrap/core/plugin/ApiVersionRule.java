package io.deepbootstrap.core.plugin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which plugins an application accepts, from the API version a plugin was built against (its manifest's
 * {@code Plugin-Requires}, a plain version {@code x.y.z}) and the API version the application provides:
 * <ul>
 *   <li>before 1.0 every minor version may break the API, so a plugin needs the same {@code 0.minor};</li>
 *   <li>from 1.0 on, only a major version may break it, so a plugin needs the same major;</li>
 *   <li>in both cases the plugin's version must not be newer than the application's: a plugin built
 *       against 0.3.2 may use what 0.3.2 added, which 0.3.1 lacks.</li>
 * </ul>
 */
final class ApiVersionRule {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private ApiVersionRule() {
    }

    /**
     * @param pluginId the plugin, for the message
     * @param requires its {@code Plugin-Requires}; null, blank or {@code *} (PF4J's default) if it has none
     * @param api the application's API version, {@code x.y.z}
     * @throws BadPluginException naming both versions if the plugin does not fit
     */
    static void check(String pluginId, String requires, String api) {
        int[] a = parse(api);
        if (a == null) {
            throw new IllegalArgumentException("API version '" + api + "' is not x.y.z");
        }
        if (requires == null || requires.isBlank() || requires.trim().equals("*")) {
            throw new BadPluginException("plugin '" + pluginId + "' does not say which API version it was built against: "
                    + "add Plugin-Requires: " + api + " to its manifest (the plugin parent pom writes it)");
        }
        int[] r = parse(requires.trim());
        if (r == null) {
            throw new BadPluginException("plugin '" + pluginId + "': Plugin-Requires '" + requires.trim() + "' must be the plain "
                    + "API version the plugin was built against, such as " + api + " (ranges are not accepted)");
        }
        String built = "plugin '" + pluginId + "' was built against API " + requires.trim() + " but this application provides API "
                + api;
        if (a[0] == 0 && (r[0] != 0 || r[1] != a[1])) {
            throw new BadPluginException(built + "; before 1.0 a plugin needs the same minor version (0." + a[1]
                    + ".x): rebuild it against API " + api);
        }
        if (a[0] > 0 && r[0] != a[0]) {
            throw new BadPluginException(built + "; a plugin needs the same major version (" + a[0] + ".x.y): rebuild it against API "
                    + api);
        }
        if (compare(r, a) > 0) {
            throw new BadPluginException(built + ", which is older: update the application, or rebuild the plugin against API " + api);
        }
    }

    private static int[] parse(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compare(int[] x, int[] y) {
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }
}
