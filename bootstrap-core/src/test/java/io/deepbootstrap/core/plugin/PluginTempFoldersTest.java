package io.deepbootstrap.core.plugin;

import static io.deepbootstrap.core.plugin.PluginArchives.constantMetric;
import static io.deepbootstrap.core.plugin.PluginArchives.defaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacked plugins live in a temporary folder that no exit path leaves behind. */
class PluginTempFoldersTest {
    @TempDir
    Path work;

    private Path zipPlugin() throws Exception {
        Path dir = Files.createDirectories(work.resolve("plugins"));
        new PluginArchives(work, "zipped")
                .metric("test.zipped.Z", constantMetric("test.zipped", "Z", "zipped", ""))
                .referenceConf(defaults("zipped", 1.0))
                .zip(dir.resolve("zipped.zip"));
        return dir;
    }

    private List<Path> folders(Path temp) throws Exception {
        try (Stream<Path> s = Files.list(temp)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PluginTempFolders.PREFIX)).toList();
        }
    }

    @Test
    void closingThePluginsRemovesTheirFolder() throws Exception {
        Path dir = zipPlugin();
        Path temp = Files.createDirectories(work.resolve("tmp"));
        PluginComponents loaded = PluginSystem.load(List.of(dir), PluginSystemTest.APP, List.of(), ApiVersion.current(), new PluginTempFolders(temp));
        assertThat(loaded.errors()).isEmpty();
        assertThat(folders(temp)).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).startsWith(PluginTempFolders.PREFIX + ProcessHandle.current().pid() + "-");
            assertThat(f.resolve("0-zipped/classes/test/zipped/Z.class")).exists();
        });
        loaded.close();
        assertThat(folders(temp)).isEmpty();
    }

    @Test
    void foldersOfProcessesThatEndedAreSweptAndOthersKept() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long deadPid = ended.pid();
        assertThat(ProcessHandle.of(deadPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        long livePid = ProcessHandle.current().parent().orElseThrow().pid();
        Path temp = Files.createDirectories(work.resolve("tmp"));
        Path stale = Files.createDirectories(temp.resolve(PluginTempFolders.PREFIX + deadPid + "-123/0-x/classes"));
        Files.writeString(stale.resolve("a.txt"), "left by kill -9");
        Path live = Files.createDirectories(temp.resolve(PluginTempFolders.PREFIX + livePid + "-456"));
        Path legacy = Files.createDirectories(temp.resolve(PluginTempFolders.PREFIX + "789"));

        assertThat(new PluginTempFolders(temp).sweepStale()).isEqualTo(1);
        assertThat(temp.resolve(PluginTempFolders.PREFIX + deadPid + "-123")).doesNotExist();
        assertThat(live).exists();
        assertThat(legacy).exists();
    }

    @Test
    void aProcessEndedBySigtermRemovesItsFolder() throws Exception {
        Path dir = zipPlugin();
        Path temp = Files.createDirectories(work.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TempFolderChild.class.getName(),
                dir.toString(), temp.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("ready "));
            assertThat(line).as("the child reports its folder").isNotNull();
            Path folder = Path.of(line.substring("ready ".length()));
            assertThat(folder).exists().startsWith(temp);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(143);
            assertThat(folder).doesNotExist();
            assertThat(folders(temp)).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }
}
