package io.deepbootstrap.core.plugin;

import static io.deepbootstrap.core.plugin.PluginArchives.constantMetric;
import static io.deepbootstrap.core.plugin.PluginArchives.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiVersionRuleTest {
    @TempDir
    Path work;

    private static void accepted(String requires, String api) {
        assertThatCode(() -> ApiVersionRule.check("p", requires, api)).as(requires + " on " + api).doesNotThrowAnyException();
    }

    private static void refused(String requires, String api, String message) {
        assertThatThrownBy(() -> ApiVersionRule.check("p", requires, api)).as(requires + " on " + api)
                .isInstanceOf(BadPluginException.class).hasMessage(message);
    }

    @Test
    void beforeOneZeroTheMinorVersionMustMatch() {
        accepted("0.3.0", "0.3.0");
        accepted("0.3.0", "0.3.4");
        refused("0.2.0", "0.3.0", "plugin 'p' was built against API 0.2.0 but this application provides API 0.3.0; "
                + "before 1.0 a plugin needs the same minor version (0.3.x): rebuild it against API 0.3.0");
        refused("0.4.0", "0.3.0", "plugin 'p' was built against API 0.4.0 but this application provides API 0.3.0; "
                + "before 1.0 a plugin needs the same minor version (0.3.x): rebuild it against API 0.3.0");
        refused("1.0.0", "0.3.0", "plugin 'p' was built against API 1.0.0 but this application provides API 0.3.0; "
                + "before 1.0 a plugin needs the same minor version (0.3.x): rebuild it against API 0.3.0");
        refused("0.3.5", "0.3.4", "plugin 'p' was built against API 0.3.5 but this application provides API 0.3.4, which is older: "
                + "update the application, or rebuild the plugin against API 0.3.4");
    }

    @Test
    void fromOneZeroTheMajorVersionMustMatch() {
        accepted("1.0.0", "1.5.2");
        accepted("1.5.2", "1.5.2");
        refused("1.6.0", "1.5.2", "plugin 'p' was built against API 1.6.0 but this application provides API 1.5.2, which is older: "
                + "update the application, or rebuild the plugin against API 1.5.2");
        refused("1.9.0", "2.0.0", "plugin 'p' was built against API 1.9.0 but this application provides API 2.0.0; "
                + "a plugin needs the same major version (2.x.y): rebuild it against API 2.0.0");
        refused("0.9.0", "1.0.0", "plugin 'p' was built against API 0.9.0 but this application provides API 1.0.0; "
                + "a plugin needs the same major version (1.x.y): rebuild it against API 1.0.0");
    }

    @Test
    void theVersionMustBeStatedAsAPlainVersion() {
        for (String none : new String[] {null, "", "*"}) {
            refused(none, "0.3.0", "plugin 'p' does not say which API version it was built against: add Plugin-Requires: 0.3.0 "
                    + "to its manifest (the plugin parent pom writes it)");
        }
        refused(">=0.1.0", "0.3.0", "plugin 'p': Plugin-Requires '>=0.1.0' must be the plain API version the plugin was built "
                + "against, such as 0.3.0 (ranges are not accepted)");
    }

    @Test
    void pluginsAreLoadedOrRefusedByTheRule() throws Exception {
        Path dir = Files.createDirectories(work.resolve("plugins"));
        for (String requires : List.of("0.7.0", "0.7.2", "0.7.3", "0.6.9")) {
            String id = "p" + requires.replace(".", "");
            new PluginArchives(work, id).manifest("Plugin-Requires", requires)
                    .metric("test." + id + ".M", constantMetric("test." + id, "M", id, ""))
                    .referenceConf(defaults(id, 1.0))
                    .jar(dir.resolve(id + ".jar"));
        }
        try (PluginComponents loaded = PluginSystem.load(List.of(dir), PluginSystemTest.APP, List.of(), "0.7.2", new PluginTempFolders(work))) {
            assertThat(loaded.plugins()).extracting(LoadedPlugin::id).containsExactly("p070", "p072");
            assertThat(loaded.errors()).extracting(PluginError::message).containsExactly(
                    "plugin " + dir.resolve("p069.jar") + " not loaded: plugin 'p069' was built against API 0.6.9 but this application provides "
                            + "API 0.7.2; before 1.0 a plugin needs the same minor version (0.7.x): rebuild it against API 0.7.2",
                    "plugin " + dir.resolve("p073.jar") + " not loaded: plugin 'p073' was built against API 0.7.3 but this application provides "
                            + "API 0.7.2, which is older: update the application, or rebuild the plugin against API 0.7.2");
        }
    }
}
