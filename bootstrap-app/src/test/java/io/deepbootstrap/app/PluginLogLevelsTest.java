package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.deepbootstrap.core.plugin.LoadedPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PluginLogLevelsTest {

    private static LoadedPlugin plugin(String... packages) {
        return new LoadedPlugin("p", "1.0.0", "STARTED", Path.of("p.jar"), "", "", "0.3.0", List.of(), Set.of(packages), List.of());
    }

    @Test
    void aPluginsInfoMessagesAreShownUnlessItsLevelIsConfigured() {
        Logger plain = (Logger) LoggerFactory.getLogger("com.example.plain.Component");
        assertThat(plain.isInfoEnabled()).as("root level of the application's logback.xml").isFalse();
        Logger quiet = (Logger) LoggerFactory.getLogger("com.example.quiet");
        quiet.setLevel(Level.ERROR);
        try {
            PluginLogLevels.apply(List.of(plugin("com.example.plain", "com.example.quiet")));
            assertThat(plain.isInfoEnabled()).isTrue();
            assertThat(plain.isDebugEnabled()).isFalse();
            assertThat(((Logger) LoggerFactory.getLogger("com.example.quiet.X")).isWarnEnabled()).isFalse();
        } finally {
            ((Logger) LoggerFactory.getLogger("com.example.plain")).setLevel(null);
            quiet.setLevel(null);
        }
    }
}
