package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./bootstrap} launcher rebuilds the application only when a file the build reads changed
 * (a module's {@code src/main}, a pom, {@code .mvn/}). Runs the real script in a copy of the repository's layout
 * whose {@code mvnw} only records that it was called and lays out a distribution whose {@code bin/bootstrap} echoes
 * its arguments.
 */
class LauncherStalenessTest {
    private static final Path LAUNCHER = Path.of("..", "bootstrap");

    @TempDir
    Path root;
    private Path builds;
    /** Times in the past: the stamp the launcher writes (now) is newer than every file laid out. */
    private Instant clock = Instant.parse("2020-01-01T00:00:00Z");

    @BeforeEach
    void layOutRepository() throws IOException {
        Files.copy(LAUNCHER, root.resolve("bootstrap"));
        builds = root.resolve("builds.log");
        script(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "$*" >> builds.log
                if [ -f fail-build ]; then exit 3; fi
                mkdir -p bootstrap-app/target/dist/bin
                printf '#!/usr/bin/env bash\\necho "ran: $*"\\n' > bootstrap-app/target/dist/bin/bootstrap
                chmod +x bootstrap-app/target/dist/bin/bootstrap
                """);
        for (String file : List.of("pom.xml", "bootstrap-core/pom.xml", "bootstrap-core/src/main/java/A.java",
                "bootstrap-core/src/test/java/ATest.java", "bootstrap-app/src/main/dist/bin/bootstrap", ".mvn/maven.config",
                "examples/default.conf", "docs/README.md", "results/default/curves.csv", "bootstrap-core/target/x.class")) {
            Path path = root.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "x");
            Files.setLastModifiedTime(path, FileTime.from(clock));
        }
    }

    @Test
    void buildsOnFirstUseThenOnlyWhenTheBuildsInputsChange() throws Exception {
        assertThat(launch("run")).isEqualTo("ran: run");
        assertThat(buildCount()).isEqualTo(1);
        assertThat(Files.readAllLines(builds)).singleElement().asString().contains("package").contains("-DskipTests");

        assertThat(launch("list")).isEqualTo("ran: list");
        assertThat(buildCount()).as("nothing changed").isEqualTo(1);

        for (String file : List.of("examples/default.conf", "bootstrap-core/src/test/java/ATest.java", "docs/README.md",
                "results/default/curves.csv", "bootstrap-core/target/x.class")) {
            touch(file);
            launch("run");
            assertThat(buildCount()).as("after changing %s", file).isEqualTo(1);
        }
        int expected = 1;
        for (String file : List.of("bootstrap-core/src/main/java/A.java", "bootstrap-core/pom.xml", "pom.xml",
                "bootstrap-app/src/main/dist/bin/bootstrap", ".mvn/maven.config")) {
            touch(file);
            launch("run");
            assertThat(buildCount()).as("after changing %s", file).isEqualTo(++expected);
            launch("run");
            assertThat(buildCount()).as("again after %s", file).isEqualTo(expected);
        }
    }

    @Test
    void aFailedBuildIsRetriedAtTheNextCall() throws Exception {
        Files.writeString(root.resolve("fail-build"), "");
        Process failed = start("run");
        assertThat(failed.waitFor()).isEqualTo(1);
        assertThat(new String(failed.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("the build failed");
        Files.delete(root.resolve("fail-build"));
        assertThat(launch("run")).isEqualTo("ran: run");
        assertThat(buildCount()).isEqualTo(2);
    }

    /** Moves the launcher's stamp to a step of the clock, then changes the file one step later. */
    private void touch(String file) throws IOException {
        clock = clock.plusSeconds(60);
        Files.setLastModifiedTime(root.resolve("bootstrap-app/target/dist/.built"), FileTime.from(clock));
        clock = clock.plusSeconds(60);
        Files.setLastModifiedTime(root.resolve(file), FileTime.from(clock));
    }

    private int buildCount() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    private String launch(String... args) throws Exception {
        Process p = start(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("exit code of ./bootstrap").isZero();
        return out;
    }

    private Process start(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("bootstrap").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(root.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return p;
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
