package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite: real {@code run} processes (forked JVMs) killed with SIGKILL at random points — in the
 * middle of training and in the middle of writing a file — and resumed each time, stopped by SIGTERM and Ctrl-C,
 * two processes on one folder, a file-size limit while writing. Every interrupted experiment, once resumed to the
 * end, has exactly the {@code curves.csv} (timings apart) and {@code summary.json} of an uninterrupted one.
 */
class ReliabilityTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    /** Three runs (ideal, n100, n200) of 300 steps, 12 evaluations each: a few seconds of training. */
    private static final List<String> EXPERIMENT = List.of("--no-progress", "-Dexperiment.name=r", "-Dtraining.steps=300",
            "-Ddata.test-size=200", "-Ddata.train-sizes=[100,200]", "-Devaluation.points=12",
            "-Darchitectures=[{type=mlp, hidden=[16]}]", "-Dtraining.threads=1", "-Dexperiment.checkpoint-interval=0");

    @TempDir
    static Path shared;
    private static Path reference;

    @TempDir
    Path dir;

    /** Trains a cell's worlds one after the other (training.pair-worlds = false). */
    private static final String SEQUENTIAL_WORLDS = "-Dtraining.pair-worlds=false";

    private static List<String> args(Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "-Dexperiment.output-dir=" + output));
        a.addAll(EXPERIMENT);
        a.addAll(List.of(extra));
        return a;
    }

    /** The evaluation lines of the uninterrupted run, e.g. "mlp-n100-s0-real step 42:", in the order they were trained. */
    private static List<String> events;

    @BeforeAll
    static void uninterrupted() throws Exception {
        try (ForkedRun r = ForkedRun.start(shared, null, args(shared))) {
            assertThat(r.exitCode(LIMIT)).as(r.err()).isZero();
            events = java.util.Arrays.stream(r.err().split("\n")).map(String::strip)
                    .filter(l -> l.matches("\\S+ step \\d+: .*")).map(l -> l.substring(0, l.indexOf(':') + 1)).toList();
        }
        reference = shared.resolve("r");
        assertThat(events).hasSizeGreaterThan(20);
    }

    /** curves.csv without its timing column. */
    private static String curves(Path results) throws IOException {
        List<String> lines = Files.readAllLines(results.resolve("curves.csv"));
        assertThat(lines.get(0)).endsWith(",elapsed_s");
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.joining("\n"));
    }

    private static void assertSameResultsAsUninterrupted(Path results) throws IOException {
        assertThat(curves(results)).isEqualTo(curves(reference));
        assertThat(Files.readString(results.resolve("summary.json"))).isEqualTo(Files.readString(reference.resolve("summary.json")));
    }

    private static boolean temporaryFileIn(Path results) {
        try (Stream<Path> walk = Files.walk(results, 2)) {
            return walk.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // a file vanished while listing: it was one being renamed
        }
    }

    @Test
    void killedAtRandomPointsIncludingDuringFileWritesAndResumedEachTimeEqualsTheUninterruptedRun() throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime()); // -Dreliability.seed=... repeats a failure
        System.out.println("ReliabilityTest kill points: -Dreliability.seed=" + seed);
        Random random = new Random(seed);
        List<Integer> points = new ArrayList<>();
        while (points.size() < 5) {
            int p = random.nextInt(events.size() - 1);
            if (!points.contains(p)) {
                points.add(p);
            }
        }
        points.sort(null);
        int duringWrite = 1 + random.nextInt(5); // this cycle is killed while a file is being written instead
        Path results = dir.resolve("r");
        List<String> log = new ArrayList<>();
        for (int cycle = 0; cycle < 6; cycle++) {
            try (ForkedRun run = ForkedRun.start(dir, null, args(dir))) {
                String what;
                if (cycle == duringWrite) {
                    what = "while writing a file";
                    assertThat(run.await(() -> temporaryFileIn(results), LIMIT)).as("a temporary file appears; " + run.err()).isTrue();
                } else {
                    int target = points.get(cycle < duringWrite ? cycle : cycle - 1);
                    String event = events.get(target);
                    what = "at '" + event + "'";
                    // that evaluation, or a later one if the previous process got past it before it was killed
                    boolean reached = run.await(() -> run.errLine(l -> events.indexOf(l.strip().replaceFirst(":.*", ":")) >= target), LIMIT);
                    if (!reached && !run.alive() && run.exitCode(LIMIT) == 0 && !log.isEmpty()) {
                        // the previous process trained every remaining step before its kill landed (a few hundred
                        // steps take less than the pause before a kill on a fast machine): nothing is left to
                        // interrupt; the final comparison still checks what the earlier cycles left behind
                        log.add("cycle " + cycle + ": nothing left to train, the process finished (exit 0)");
                        break;
                    }
                    assertThat(reached).as("seed %d: '%s' is trained after %s; stderr:%n%s", seed, event, log, run.err()).isTrue();
                    Thread.sleep(random.nextInt(200));
                }
                run.signal("KILL");
                log.add("cycle " + cycle + ": killed " + what + " (exit " + run.exitCode(LIMIT) + ")");
            }
        }
        try (ForkedRun last = ForkedRun.start(dir, null, args(dir))) {
            assertThat(last.exitCode(LIMIT)).as("seed %d, %s; stderr:%n%s", seed, log, last.err()).isZero();
            assertThat(last.out()).contains("resuming " + results + " (same configuration)");
        }
        assertSameResultsAsUninterrupted(results);
        assertThat(temporaryFileIn(results)).as("no temporary file is left").isFalse();
        assertThat(results.resolve(RunCommand.CHECKPOINTS)).isEmptyDirectory();
    }

    /** @return whether {@code finished} runs are recorded and another one has saved a checkpoint (it is training) */
    private static boolean trainingAfterFinished(Path results, int finished) {
        try (Stream<Path> runs = Files.list(results.resolve(RunCommand.RUNS));
             Stream<Path> checkpoints = Files.list(results.resolve(RunCommand.CHECKPOINTS))) {
            List<String> done = runs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.replace(".json", "")).toList(); // not the temporary file of a record being written
            return done.size() == finished && checkpoints.map(p -> p.getFileName().toString())
                    .anyMatch(c -> c.endsWith(".ckpt") && !c.startsWith(".") && !done.contains(c.replace(".ckpt", "")));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // not there yet
        }
    }

    @Test
    void sigtermAndCtrlCCheckpointTheRunSayHowToResumeAndExitWith143And130() throws Exception {
        Path results = dir.resolve("r");
        // the signal must land while a run trains after `finished` runs are recorded: with the worlds one after the other
        // (paired, a cell's last real run and its ideal run end together; stops inside a pair: WorldPairingTest)
        String[] signals = {"TERM", "INT"};
        int[] codes = {143, 130};
        for (int i = 0; i < 2; i++) {
            try (ForkedRun run = ForkedRun.start(dir, null, args(dir, SEQUENTIAL_WORLDS))) {
                int finished = i + 1;
                assertThat(run.await(() -> trainingAfterFinished(results, finished), LIMIT)).as(run.err()).isTrue();
                run.signal(signals[i]);
                assertThat(run.exitCode(LIMIT)).as(run.err()).isEqualTo(codes[i]);
                assertThat(run.err()).contains("SIG" + signals[i] + " received: stopping after the current step")
                        .contains("stopped by SIG" + signals[i] + ": " + finished + " of 3 runs finished and are kept in " + results)
                        .containsPattern("mlp-\\S+: checkpoint after step \\d+ in " + results.resolve("checkpoints"))
                        .contains("resume with: ")
                        .contains("'-Ddata.train-sizes=[100,200]'");
            }
        }
        try (ForkedRun last = ForkedRun.start(dir, null, args(dir, SEQUENTIAL_WORLDS))) {
            assertThat(last.exitCode(LIMIT)).as(last.err()).isZero();
        }
        assertSameResultsAsUninterrupted(results);
    }

    @Test
    void aSecondProcessIsRefusedWhileTheFirstWritesAndTakesOverItsLockOnceItWasKilled() throws Exception {
        Path results = dir.resolve("r");
        try (ForkedRun first = ForkedRun.start(dir, null, args(dir))) {
            assertThat(first.await(() -> first.errLine(l -> l.contains(" step ")), LIMIT)).as(first.err()).isTrue();

            CliRunner.Result second = CliRunner.run(args(dir).toArray(String[]::new));

            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).contains("another process is writing these results (pid " + first.pid() + " on host ");
            first.signal("KILL");
            first.exitCode(LIMIT);
        }
        CliRunner.Result third = CliRunner.run(args(dir).toArray(String[]::new));

        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(third.err()).contains("taking over the stale lock").contains("no longer running");
        assertSameResultsAsUninterrupted(results);
    }

    @Test
    void filesTooLargeForTheDiskAreReportedAtTheEndTrainingGoesOnAndTheNextRunWritesThem() throws Exception {
        Path results = dir.resolve("r");
        // 1 KiB blocks: report.html, checkpoints and some plots exceed 64 KiB; curves.csv and summary.json do not
        try (ForkedRun limited = ForkedRun.start(dir, "ulimit -f 64", args(dir))) {
            assertThat(limited.exitCode(LIMIT)).as(limited.err()).isEqualTo(1);
            assertThat(limited.err()).contains("these result files could not be written in " + results)
                    .contains("report.html (").contains("run the same command again");
        }
        try (Stream<Path> records = Files.list(results.resolve(RunCommand.RUNS))) {
            assertThat(records).as("every run trained and was recorded").hasSize(3);
        }
        assertThat(temporaryFileIn(results)).isFalse();

        CliRunner.Result again = CliRunner.run(args(dir).toArray(String[]::new));

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 of 3 runs finished earlier and are kept");
        assertThat(results.resolve("report.html")).exists();
        assertSameResultsAsUninterrupted(results);
    }

    @Test
    void namesThatWouldWriteOutsideTheResultsFolderAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path output = Files.createDirectories(dir.resolve("out"));
        for (String[] bad : new String[][] {{"-Dexperiment.name=..", "experiment.name"}, {"-Dexperiment.name=.", "experiment.name"},
                {"-Darchitectures=[{type=mlp, hidden=[16], name=\"/tmp/x\"}]", "architectures[0].name"},
                {"-Darchitectures=[{type=mlp, hidden=[16], name=\"../../../x\"}]", "architectures[0].name"}}) {
            CliRunner.Result r = CliRunner.run(args(output, bad[0]).toArray(String[]::new));
            assertThat(r.exitCode()).as(bad[0]).isEqualTo(2);
            assertThat(r.err()).as(bad[0]).contains(bad[1] + ": expected 1 to 100 letters, digits");
        }
        try (Stream<Path> written = Files.walk(dir)) {
            assertThat(written.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
