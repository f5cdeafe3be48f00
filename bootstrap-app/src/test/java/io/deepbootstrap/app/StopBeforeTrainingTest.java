package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.core.experiment.ExperimentRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and Ctrl-C before any training step, in real processes (forked JVMs with a temporary directory of their
 * own): while a fitted generator is being fitted, while its labeller trains, while the first run draws a large test set
 * from a generator, while {@code validate} checks. Each exits at once with 143 or 130 and a line saying what was kept, and leaves no
 * temporary folder, no temporary or half-written cache file and no stale lock; the same command then runs through.
 * Also: {@code validate}'s scratch folders left by a {@code kill -9} are swept by the next {@code validate}.
 */
class StopBeforeTrainingTest {
    /** Bounds the wait for an exit (the machine may be loaded); the exit itself takes well under a second. */
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Duration LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    private Path tmp() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    private ForkedRun start(String... args) throws IOException {
        return ForkedRun.start(dir, null, List.of("-Xmx768m", "-Djava.io.tmpdir=" + tmp()), Map.of(), List.of(args));
    }

    private static List<String> experiment(Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of("-Dexperiment.output-dir=" + output, "-Dexperiment.name=r",
                "-Dtraining.steps=20", "-Devaluation.points=3", "-Darchitectures=[{type=mlp, hidden=[8]}]", "-Dtraining.threads=1"));
        a.addAll(List.of(extra));
        return a;
    }

    private static String[] command(String name, List<String> args) {
        List<String> all = new ArrayList<>(name.equals("run") ? List.of(name, "--no-progress") : List.of(name));
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    /** @return every entry under the folder (relative names), e.g. "cache/fitted/.x.123.tmp" */
    private static List<String> entries(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    /** @return the framework's temporary folders and files in the temporary directory ({@code bootstrap-*}) */
    private static List<String> ours(Path temp) throws IOException {
        return entries(temp).stream().filter(e -> e.startsWith("bootstrap-")).toList();
    }

    /** A quick labeller (the default trains for minutes): a tiny MLP, 20 steps on 500 examples. */
    private static final String QUICK_LABELER = "-Ddata.labeler={architecture={type=mlp, hidden=[8]}, steps=20, "
            + "train-examples=500, test-examples=100}";

    /**
     * Signals {@code run} of a fitted generator once the line {@code phase} was logged, then checks the exit, that
     * nothing of {@code partial} is in the cache and no temporary file or folder is left, and that the run with
     * {@code quick} settings then goes through.
     */
    private void signalledWhileFitting(List<String> args, String phase, String partial, List<String> quick) throws Exception {
        Path cache = dir.resolve("cache");
        try (ForkedRun run = start(command("run", args))) {
            assertThat(run.await(() -> run.errLine(l -> l.contains(phase)), LIMIT)).as(run.err()).isTrue();
            Thread.sleep(300); // inside the phase
            run.signal("TERM");
            assertThat(run.exitCode(EXIT)).as(run.err()).isEqualTo(143);
            assertThat(run.err()).contains("SIGTERM received while loading the configuration, the plugins, the data and the "
                    + "components (before training): nothing was trained yet and nothing written").doesNotContain("Trained labeller");
        }
        assertThat(entries(cache)).as("no %s and no temporary file in the cache", partial)
                .noneMatch(e -> e.endsWith(".tmp") || e.contains(partial) && Files.isRegularFile(cache.resolve(e)));
        assertThat(ours(tmp())).as("no temporary folder left").isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();

        List<String> again = new ArrayList<>(args);
        again.addAll(quick);
        again.add(QUICK_LABELER);
        try (ForkedRun rerun = start(command("run", again))) {
            assertThat(rerun.exitCode(LIMIT)).as(rerun.err()).isZero();
            assertThat(rerun.err()).contains("Trained labeller");
        }
        assertThat(entries(cache)).noneMatch(e -> e.endsWith(".tmp"));
        assertThat(ours(tmp())).isEmpty();
    }

    @Test
    void aSignalWhileAGeneratorIsFittedExitsAtOnceLeavingNoCacheOrTemporaryFileAndTheRerunFitsAgain() throws Exception {
        List<String> args = experiment(dir.resolve("out"), "-Dexperiment.cache-dir=" + dir.resolve("cache"),
                "-Ddata={type=fitted, source={type=synthetic-images, image-size=16}, fit-examples=40000, "
                        + "model={type=pca-gmm, pca-dims=40, components=4, iterations=200}, train-sizes=[50], test-size=50}");
        // the same experiment with a quicker fit (the long one would only take minutes more) then runs through
        signalledWhileFitting(args, "Fitting pca-gmm to", "pca-gmm", List.of("-Ddata.fit-examples=4000", "-Ddata.model.iterations=5"));
    }

    @Test
    void aSignalWhileTheLabellerTrainsExitsAtOnceLeavingNoLabellerOrTemporaryFileAndTheRerunTrainsIt() throws Exception {
        // a quick fit, then the default labeller: 60,000 draws and 3,000 steps of an MLP
        List<String> args = experiment(dir.resolve("out"), "-Dexperiment.cache-dir=" + dir.resolve("cache"),
                "-Ddata={type=fitted, source={type=synthetic-images, image-size=16}, fit-examples=2000, "
                        + "model={type=pca-gmm, pca-dims=10, components=2, iterations=5}, train-sizes=[50], test-size=50}");
        signalledWhileFitting(args, "Fitted pca-gmm", "labeler-", List.of());
    }

    @Test
    void ctrlCWhileTheFirstRunDrawsItsDataExitsAtOnceReleasingTheLockAndTheRerunTrains() throws Exception {
        Path results = dir.resolve("out").resolve("r");
        // 300,000 test images of 16x16 (300 MB) drawn from the generator before the first step: many seconds
        List<String> args = experiment(dir.resolve("out"),
                "-Ddata={type=synthetic-images, channels=1, train-sizes=[50], test-size=300000}");
        try (ForkedRun run = start(command("run", args))) {
            assertThat(run.await(() -> run.out().contains("r: 2 runs"), LIMIT)).as(run.err()).isTrue();
            Thread.sleep(300);
            run.signal("INT");
            assertThat(run.exitCode(EXIT)).as(run.err()).isEqualTo(130);
            assertThat(run.err()).contains("SIGINT received while preparing the first run (its data split and initial weights, "
                    + "before any training step): nothing was trained in this process; runs finished earlier stay recorded in "
                    + results.resolve(RunCommand.RUNS)).doesNotContain(" step 1:");
        }
        assertThat(entries(results)).noneMatch(e -> e.endsWith(".tmp") || e.endsWith(".ckpt"));
        assertThat(ours(tmp())).isEmpty();

        try (ForkedRun again = start(command("run", args))) {
            assertThat(again.exitCode(LIMIT)).as(again.err()).isZero();
            assertThat(again.out()).contains("resuming " + results + " (same configuration): 0 of 2 runs finished earlier");
            assertThat(again.err()).as("the lock was released, not left stale").doesNotContain("stale lock");
        }
    }

    @Test
    void aSignalDuringValidateExitsAtOnceAndItsScratchFolderIsRemovedOrSweptAfterKill9() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path stale = Files.createDirectories(tmp().resolve(ExperimentRunner.SCRATCH_PREFIX + ended.pid() + "-42/r"));
        Files.writeString(stale.resolve("left.txt"), "by a validate killed with kill -9");
        List<String> args = experiment(dir.resolve("out"), "-Ddata={type=synthetic-images, train-sizes=[50], test-size=50}");

        try (ForkedRun validate = start(command("validate", args))) {
            assertThat(validate.exitCode(LIMIT)).as(validate.err()).isZero();
            assertThat(validate.out()).contains("OK: r");
        }
        assertThat(ours(tmp())).as("the stale scratch folder was swept, the new one removed").isEmpty();

        // a generator fitted while validating: validate is still busy when the signal comes
        try (ForkedRun validate = start(command("validate", experiment(dir.resolve("out"),
                "-Ddata={type=fitted, source={type=synthetic-images}, fit-examples=40000, cache=false, train-sizes=[50], test-size=50}")))) {
            assertThat(validate.await(() -> validate.errLine(l -> l.contains("Fitting pca-gmm to")), LIMIT)).as(validate.err()).isTrue();
            validate.signal("TERM");
            assertThat(validate.exitCode(EXIT)).as(validate.err()).isEqualTo(143);
            assertThat(validate.err()).contains("SIGTERM received while validating: nothing was written; exiting");
        }
        assertThat(ours(tmp())).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
