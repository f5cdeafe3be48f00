package io.deepbootstrap.core.settings;

import java.util.regex.Pattern;

/**
 * Names from the configuration that become file or folder names (the experiment's name, architecture names, and
 * through them run labels): a safe file-name alphabet, so that nothing is written outside the results folder and
 * every file system takes them. Letters, digits, {@code .}, {@code _}, {@code +} and {@code -}, 1 to 100 of them,
 * not starting with {@code .} or {@code -} ({@code .}, {@code ..} and hidden or option-like names are refused).
 */
public final class SafeNames {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,99}");

    private SafeNames() {
    }

    /**
     * @param name a name from the configuration
     * @return whether it can name a file or folder as it is
     */
    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    /**
     * @param name a name from the configuration
     * @param what what it names, e.g. "a folder"
     * @return the problem to report for it (key and location are the caller's)
     */
    public static String problem(String name, String what) {
        return "expected 1 to 100 letters, digits, '.', '_', '+' or '-', not starting with '.' or '-' (it names " + what
                + "), found '" + name + "'";
    }
}
