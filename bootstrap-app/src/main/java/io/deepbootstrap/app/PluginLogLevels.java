package io.deepbootstrap.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.deepbootstrap.core.plugin.LoadedPlugin;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Plugin loggers log at INFO by default: the application's logging configuration only names its own
 * packages, so without this a plugin's {@code LOG.info(...)} would fall under the root level (WARN). A
 * level configured explicitly for a plugin's package (e.g. in a logback.xml) is kept.
 */
final class PluginLogLevels {
    private PluginLogLevels() {
    }

    /** @param plugins the loaded plugins: the packages of their own classes are their loggers' names */
    static void apply(List<LoadedPlugin> plugins) {
        for (LoadedPlugin plugin : plugins) {
            for (String pkg : plugin.packages()) {
                if (LoggerFactory.getLogger(pkg) instanceof Logger logger && logger.getLevel() == null
                        && !logger.isEnabledFor(Level.INFO)) {
                    logger.setLevel(Level.INFO);
                }
            }
        }
    }
}
