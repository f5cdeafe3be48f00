package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.core.settings.ExperimentSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeThreadsListenerTest {
    @TempDir
    Path dir;

    private ExperimentSettings settings(String text) throws Exception {
        Path conf = dir.resolve("t.conf");
        Files.writeString(conf, text);
        ConfigOptions options = new ConfigOptions();
        return ExperimentLoader.load(conf, options, new PrintWriter(new StringWriter())).settings();
    }

    @Test
    void architectureThreadsAreCappedByTheCoresPerParallelRun() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        NativeThreadsListener l = new NativeThreadsListener(settings(
                "architectures = [ { type = mlp, threads = 1 }, { type = cnn }, { type = cnn, name = big, threads = 64 } ]"));
        assertThat(l.threadsFor("mlp")).isEqualTo(1);
        assertThat(l.threadsFor("mlp-pretrain")).isEqualTo(1);
        assertThat(l.threadsFor("cnn")).isEqualTo(cores);
        assertThat(l.threadsFor("big")).isEqualTo(cores);
        NativeThreadsListener parallel = new NativeThreadsListener(settings(
                "experiment.parallelism = " + (2 * cores) + "\narchitectures = [ { type = cnn } ]"));
        assertThat(parallel.threadsFor("cnn")).isEqualTo(1);
    }
}
