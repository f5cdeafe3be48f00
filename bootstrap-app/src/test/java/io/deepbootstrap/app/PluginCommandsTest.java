package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with the example plugin archives built earlier in the reactor dropped into a
 * plugins folder, as a user would.
 */
class PluginCommandsTest {
    @TempDir
    Path plugins;

    @BeforeEach
    void dropExamplePlugins() throws Exception {
        for (String name : List.of("ece", "teacher", "wide-mlp")) {
            Path target = Path.of("..", "bootstrap-plugins", name, "target");
            try (Stream<Path> files = Files.list(target)) {
                // jar form for two of them, zip form for the teacher
                Path archive = files.filter(p -> p.getFileName().toString().endsWith(
                        name.equals("teacher") ? "-plugin.zip" : "-SNAPSHOT.jar")).findFirst().orElseThrow();
                Files.copy(archive, plugins.resolve(archive.getFileName()));
            }
        }
    }

    @Test
    void pluginsCommandListsEachPluginWithItsComponents() {
        CliRunner.Result r = CliRunner.run("plugins", "--plugins", plugins.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("ece 0\\.1\\.0\\S* STARTED .*ece-plugin.*\\.jar")
                .contains("  metric ece:")
                .containsPattern("teacher 0\\.1\\.0\\S* STARTED .*teacher-plugin.*-plugin\\.zip")
                .contains("  data-source teacher:")
                .contains("  architecture wide-mlp:");
    }

    @Test
    void listMarksPluginComponents() {
        CliRunner.Result r = CliRunner.run("list", "--plugins", plugins.toString());
        assertThat(r.out()).containsPattern("wide-mlp .*\\[plugin wide-mlp]").containsPattern("\\n  mlp .*\\n")
                .doesNotContainPattern("\\n  mlp [^\\n]*\\[plugin");
    }

    @Test
    void aCorruptArchiveIsReportedInOneLineAndTheOthersStillLoad() throws Exception {
        Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3, 4});
        CliRunner.Result r = CliRunner.run("list", "--plugins", plugins.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).containsPattern("warning: plugin .*broken\\.jar not loaded: .+");
        assertThat(r.out()).contains("[plugin ece]", "[plugin teacher]", "[plugin wide-mlp]");
    }

    @Test
    void exampleConfigRunsWithAllThreePlugins(@TempDir Path out) {
        CliRunner.Result r = CliRunner.run("run", "../examples/plugins.conf", "--plugins", plugins.toString(), "--no-progress",
                "-Dtraining.steps=60", "-Ddata.test-size=500", "-Ddata.train-sizes=[200]",
                "-Darchitectures=[{type=wide-mlp, width=64}]", "-Dexperiment.output-dir=" + out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("plugins-example").resolve("curves.csv")).content().contains("test_ece");
    }

    @Test
    void anArchitectureFromAMissingPluginHintsAtThePluginsFolder(@TempDir Path empty) {
        CliRunner.Result r = CliRunner.run("validate", "../examples/plugins.conf", "--plugins", empty.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown data-source type 'teacher'").contains("plugins folder");
    }

    @Test
    void pluginsExitsWithOneWhenAPluginFailedToLoad() throws Exception {
        CliRunner.Result ok = CliRunner.run("plugins", "--plugins", plugins.toString());
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3, 4});
        CliRunner.Result r = CliRunner.run("plugins", "--plugins", plugins.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).containsPattern("plugin .*broken\\.jar not loaded: corrupt archive").contains("  metric ece:");
    }

    @Test
    void usingAComponentOfAPluginThatFailedToLoadNamesTheFailure() throws Exception {
        // the wide-mlp plugin as built for an older API
        Path jar;
        try (Stream<Path> files = Files.list(plugins)) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("wide-mlp")).findFirst().orElseThrow();
        }
        Path old = plugins.resolve("old-wide-mlp.jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Plugin-Requires", "0.1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(old), manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    ((InputStream) in).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.delete(jar);
        CliRunner.Result r = CliRunner.run("validate", "../examples/plugins.conf", "--plugins", plugins.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("architectures[0].type: architecture type 'wide-mlp' is not available: plugin " + old
                + " not loaded: plugin 'wide-mlp' was built against API 0.1.0 but this application provides API")
                .doesNotContain("plugins folder?");
    }
}
