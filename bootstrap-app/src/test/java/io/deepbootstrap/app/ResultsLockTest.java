package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsLockTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aSecondWriterIsRefusedWithTheHoldersPidAndHostUntilTheFirstHasClosed() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (ResultsLock first = ResultsLock.acquire(dir, warnings::add)) {
            assertThat(Files.readString(first.file())).startsWith(pid + " ");
            assertThatThrownBy(() -> ResultsLock.acquire(dir, warnings::add)).isInstanceOf(ConfigError.class)
                    .hasMessageContaining("another process is writing these results (pid " + pid + " on host ")
                    .hasMessageContaining("-Dexperiment.name=");
        }
        assertThat(Files.readString(dir.resolve(ResultsLock.FILE_NAME))).as("released: no holder").isEmpty();
        try (ResultsLock again = ResultsLock.acquire(dir, warnings::add)) {
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void aLockLeftByADeadProcessOfThisHostIsTakenOverWithAWarning() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        String host = InetAddress.getLocalHost().getHostName();
        Files.writeString(dir.resolve(ResultsLock.FILE_NAME), dead.pid() + " " + host + "\n");

        try (ResultsLock lock = ResultsLock.acquire(dir, warnings::add)) {
            assertThat(warnings).singleElement().asString()
                    .contains("taking over the stale lock", "pid " + dead.pid() + " on host " + host, "no longer running");
            assertThat(Files.readString(lock.file())).isEqualTo(ProcessHandle.current().pid() + " " + host + "\n");
        }
    }
}
