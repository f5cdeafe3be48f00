package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started by the distribution's launcher can wait for a child process. The launcher preloads the system's
 * OpenMP OpenBLAS when one is installed; its 60 KB of static thread-local storage is carved from every thread's
 * stack, which overflowed the JDK's small-stack "process reaper" thread: a {@code StackOverflowError} on stderr and
 * a {@link Process#waitFor()} that never returned. Runs the real script (Maven placeholders removed) in a
 * distribution layout whose {@code java} starts the real JVM with the launcher's JVM options and environment, but
 * with {@link ChildProcessProbe} as the main class. Without an OpenMP OpenBLAS on the machine nothing is preloaded
 * and the check is weaker (it cannot fail for this reason there).
 */
class LauncherChildProcessTest {
    private static final Path LAUNCHER = Path.of("src", "main", "dist", "bin", "bootstrap");

    @TempDir
    Path home;

    @Test
    void aChildProcessCanBeWaitedForUnderTheLaunchersSettings() throws Exception {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("fake-jdk"));
        executable(home.resolve("bin/bootstrap"),
                Files.readString(LAUNCHER).replaceAll("\\$\\{bootstrap\\.[a-z.]+\\}", ""));
        // everything before -cp is the launcher's JVM options; the class path and main class are the probe's
        executable(home.resolve("fake-jdk/java"), """
                #!/usr/bin/env bash
                options=()
                for a in "$@"; do [ "$a" = -cp ] && break; options+=("$a"); done
                echo "preloaded: ${LD_PRELOAD:-nothing}"
                exec "$REAL_JAVA" "${options[@]}" -cp "$PROBE_CLASSES" io.deepbootstrap.app.ChildProcessProbe
                """);
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/bootstrap").toString(), "--version")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_OPTS");
        env.remove("BOOTSTRAP_BLAS");
        env.put("BOOTSTRAP_CDS", "off");
        env.put("REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("PROBE_CLASSES",
                Path.of(ChildProcessProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        env.put("PATH", home.resolve("fake-jdk") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        assertThat(out).as("output of the probe under the launcher").contains("child exit 0")
                .doesNotContain("StackOverflowError");
        assertThat(p.exitValue()).as("exit code; output: %s", out).isZero();
    }

    private static void executable(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
