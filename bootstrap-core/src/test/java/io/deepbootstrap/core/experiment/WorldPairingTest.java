package io.deepbootstrap.core.experiment;

import static io.deepbootstrap.core.experiment.ExperimentResumeTest.comparable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.ExperimentStopped;
import io.deepbootstrap.core.checkpoint.FinishedRuns;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.engine.EvaluationSteps;
import io.deepbootstrap.core.engine.StopStepSearch;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code training.pair-worlds}: a cell's last real run and its ideal run trained together in one slot, step by step,
 * give the same records as the old order (real runs first), interleave, and resume exactly after a stop.
 */
class WorldPairingTest {
    @TempDir
    Path dir;

    private final AtomicInteger folders = new AtomicInteger();

    private List<RunRecord> run(String extra, boolean pair) throws Exception {
        return Harness.run(settings(extra, pair));
    }

    private ExperimentSettings settings(String extra, boolean pair) throws Exception {
        Path d = Files.createDirectories(dir.resolve("x" + folders.incrementAndGet()));
        return Harness.settings(d, extra + "\ntraining.pair-worlds = " + pair + "\n");
    }

    private List<RunRecord> assertSameWithAndWithoutPairing(String extra) throws Exception {
        List<RunRecord> on = run(extra, true);
        List<RunRecord> off = run(extra, false);
        assertThat(comparable(on)).as(extra).isEqualTo(comparable(off));
        return on;
    }

    @ParameterizedTest
    @CsvSource({
            "2, 1, false", "2, 2, false", "3, 3, false", "3, 1, true", "2, 2, true", "3, 3, true", "3, 2, false"})
    void recordsAreTheSameWithAndWithoutPairing(int seeds, int parallelism, boolean stopAtConvergence) throws Exception {
        List<RunRecord> on = assertSameWithAndWithoutPairing("""
                experiment { seeds = %d, parallelism = %d }
                data.train-sizes = [160]
                training { stop-at-convergence = %s, optimizer.momentum = 0.9 }
                evaluation { points = 5, convergence = train-loss, train-loss-threshold = 0.3 }
                architectures = [ { type = softmax-bn }, { type = softmax } ]
                """.formatted(seeds, parallelism, stopAtConvergence));
        assertThat(on).hasSize(seeds * 2 * 2);
    }

    /** Where a T_stop lies with respect to the real run's T_stop search. */
    enum Kind { GRID, SNAPSHOT, PROBE }

    /** The search's points between evaluations of S (data-independent until T_stop), as {@link StopStepSearch} takes them. */
    private static Kind kind(int stop, int[] grid, int steps) {
        Set<Integer> gridSteps = new java.util.HashSet<>();
        for (int g : grid) {
            gridSteps.add(g);
        }
        if (gridSteps.contains(stop)) {
            return Kind.GRID;
        }
        int next = StopStepSearch.spacing(0);
        int snapshots = 0;
        for (int step = 1; step <= steps; step++) {
            if (gridSteps.contains(step)) {
                next = step + StopStepSearch.spacing(step);
                snapshots = 0;
            } else if (step >= next) {
                next = step + StopStepSearch.spacing(step);
                if (snapshots < StopStepSearch.MAX_SNAPSHOTS) {
                    snapshots++;
                    if (step == stop) {
                        return Kind.SNAPSHOT;
                    }
                } else {
                    snapshots = 0;
                    if (step == stop) {
                        return Kind.PROBE;
                    }
                }
            }
        }
        throw new AssertionError("T_stop " + stop + " is no point of the search");
    }

    /** Learning rate 0.01, 4 grid points (1, 6, 34, 200): T_stops 6 (grid), 62, 130, 138 (snapshots), 134 (a probe). */
    @Test
    void tStopsOnGridSnapshotAndProbeStepsGiveTheSameRecords() throws Exception {
        int[] grid = EvaluationSteps.logSpaced(200, 4);
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        List<Integer> stops = new ArrayList<>();
        for (double threshold : new double[] {0.98, 0.5, 0.34, 0.335, 0.3325, 0.33}) {
            List<RunRecord> on = assertSameWithAndWithoutPairing("""
                    data.train-sizes = [160]
                    training.optimizer.learning-rate = 0.01
                    evaluation { points = 4, convergence = train-loss, train-loss-threshold = %s }
                    """.formatted(threshold));
            RunRecord real = on.stream().filter(r -> r.id().world() == World.REAL).findFirst().orElseThrow();
            java.util.OptionalInt stop = settings("evaluation { convergence = train-loss, train-loss-threshold = "
                    + threshold + " }", true).evaluation().convergence().stopStep(real.curve());
            if (stop.isPresent()) {
                stops.add(stop.getAsInt());
                seen.add(kind(stop.getAsInt(), grid, 200));
                RunRecord ideal = on.stream().filter(r -> r.id().world() == World.IDEAL).findFirst().orElseThrow();
                assertThat(ideal.curve()).as("the ideal run is evaluated at T_stop").anyMatch(e -> e.step() == stop.getAsInt());
            }
        }
        assertThat(seen).as("T_stops %s", stops).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void aRealRunThatNeverConvergesAndSeveralTrainSizes() throws Exception {
        assertSameWithAndWithoutPairing("""
                data.train-sizes = [160]
                evaluation { points = 4, convergence = train-loss, train-loss-threshold = 1e-9 }
                """);
        List<RunRecord> several = assertSameWithAndWithoutPairing("""
                experiment { seeds = 2, parallelism = 2 }
                data.train-sizes = [40, 160]
                evaluation { points = 4, convergence = train-loss, train-loss-threshold = 0.3 }
                """);
        assertThat(several).hasSize(6);
    }

    @ParameterizedTest
    @CsvSource({"30", "150", "199"})
    void aDivergingPairGivesTheSameRecords(int after) throws Exception {
        List<RunRecord> on = assertSameWithAndWithoutPairing("""
                data.train-sizes = [160]
                evaluation { points = 4, convergence = train-loss, train-loss-threshold = 0.3 }
                architectures = [ { type = nan-after, steps = %d } ]
                """.formatted(after));
        assertThat(on).allSatisfy(r -> assertThat(r.status()).isEqualTo(io.deepbootstrap.api.run.RunStatus.DIVERGED));
    }

    @Test
    void theTwoWorldsTakeTurnsStepByStep() throws Exception {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        ExperimentSettings s = settings("""
                data.train-sizes = [160]
                evaluation { points = 4, convergence = train-loss, train-loss-threshold = 0.3 }
                """, true);
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            p.run(new RunListener() {
                @Override
                public void stepCompleted(RunId run, int step, double loss) {
                    steps.add(run.world().name().charAt(0) + "" + step);
                }
            }, records -> { });
        }
        List<String> expected = new ArrayList<>();
        int turn = WorldPairing.STEPS_PER_TURN;
        for (int first = 1; first <= 200; first += turn) {
            for (String world : List.of("R", "I")) {
                for (int step = first; step < first + turn && step <= 200; step++) {
                    expected.add(world + step);
                }
            }
        }
        assertThat(steps).as("turns of %d steps, the real world's first, from the first step to the last", turn)
                .isEqualTo(expected);
    }

    private static BooleanSupplier stopAfter(int after) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.incrementAndGet() > after;
    }

    private static RunPersistence persistence(ExperimentSettings s, BooleanSupplier stop) {
        Path out = s.experiment().outputDirectory();
        return new RunPersistence(new CheckpointPolicy(out.resolve("checkpoints"), Duration.ZERO, false),
                new FinishedRuns(out.resolve("runs")), stop);
    }

    private static List<RunRecord> run(ExperimentSettings s, RunPersistence p) {
        try (ExperimentRunner.Prepared prepared = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            return prepared.run(new RunListener() { }, records -> { }, p);
        }
    }

    /**
     * T_stop 134 (a probe step, as in {@link #tStopsOnGridSnapshotAndProbeStepsGiveTheSameRecords}): from step 38 on the
     * ideal run keeps snapshots the real run resolves only at step 134, so most of these stops (each world asks after
     * every step: ~75, ~115, ~125, ~150 steps in) checkpoint an ideal run with pending snapshots.
     */
    @ParameterizedTest
    @CsvSource({"10, true", "150, true", "230, true", "250, false", "251, true", "300, false", "420, true"})
    void aStopInThePairResumesToTheSameRecords(int after, boolean pairOnResume) throws Exception {
        String extra = """
                experiment.seeds = 2
                data.train-sizes = [160]
                training.optimizer.learning-rate = 0.01
                evaluation { points = 4, convergence = train-loss, train-loss-threshold = 0.335 }
                """;
        List<RunRecord> expected = run(extra, false);
        Path d = Files.createDirectories(dir.resolve("stopped"));
        ExperimentSettings paired = Harness.settings(d, extra + "training.pair-worlds = true\n");
        ExperimentStopped stop = assertThrows(ExperimentStopped.class, () -> run(paired, persistence(paired, stopAfter(after))));
        assertThat(stop.runs()).isNotEmpty();
        ExperimentSettings resumed = Harness.settings(d, extra + "training.pair-worlds = " + pairOnResume + "\n");
        assertThat(comparable(run(resumed, persistence(resumed, () -> false)))).isEqualTo(comparable(expected));
    }

    /**
     * Both worlds keep their snapshots (the real run's T_stop search, the ideal run's deferred evaluations) in files
     * next to the results, one per run, while they train, and delete them as they end; the records are those of the
     * unpaired runs (whose searches spill there too). A file an earlier process left there is deleted first.
     */
    @Test
    void runsSpillTheirSnapshotsIntoTheResultsFolderAndDeleteThem() throws Exception {
        String extra = """
                data.train-sizes = [160]
                training.optimizer.learning-rate = 0.01
                evaluation { points = 4, convergence = train-loss, train-loss-threshold = 0.335 }
                """;
        ExperimentSettings s = settings(extra, true);
        Path snapshots = s.experiment().outputDirectory().resolve(Trainer.SNAPSHOT_DIRECTORY);
        Files.createDirectories(snapshots);
        Files.write(snapshots.resolve("softmax-n999-s7-real.bin"), new byte[100]); // left by a killed process
        Set<String> seen = ConcurrentHashMap.newKeySet();
        RunListener watch = new RunListener() {
            @Override
            public void stepCompleted(RunId run, int step, double trainLoss) {
                try (Stream<Path> files = Files.list(snapshots)) {
                    files.forEach(f -> seen.add(f.getFileName().toString()));
                } catch (IOException e) {
                    // no snapshot kept right now
                }
            }
        };
        List<RunRecord> paired;
        List<String> files;
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            files = p.plannedRuns().stream().map(id -> id.label() + ".bin").toList();
            paired = p.run(watch, records -> { });
        }
        assertThat(seen).as("one file per run, the ideal run's too").containsExactlyInAnyOrderElementsOf(files);
        assertThat(snapshots).as("deleted as the runs ended, a stale file as the experiment started").doesNotExist();
        int[] grid = EvaluationSteps.logSpaced(200, 4);
        assertThat(paired.stream().filter(r -> r.id().world() == World.REAL).findFirst().orElseThrow().curve())
                .as("a T_stop between grid steps").anyMatch(e -> java.util.Arrays.stream(grid).noneMatch(g -> g == e.step()));
        assertThat(comparable(paired)).isEqualTo(comparable(run(extra, false)));
    }

    @Test
    void aPairStoppedAfterItsPretrainingResumesWithTheSavedWeights() throws Exception {
        String extra = "pretraining { steps = 50, data = { type = blobs, separation = 1.5 } }\ndata.train-sizes = [40]\n";
        List<RunRecord> expected = run(extra, false);
        Path d = Files.createDirectories(dir.resolve("pretrained"));
        ExperimentSettings s = Harness.settings(d, extra + "training.pair-worlds = true\n");
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        RunListener starts = new RunListener() {
            @Override
            public void runStarted(RunId run, int totalSteps) {
                started.add(run.label());
            }
        };
        // the pretraining asks 49 times, the real run once before it starts, then both worlds after each step
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            assertThrows(ExperimentStopped.class, () -> p.run(starts, records -> { }, persistence(s, stopAfter(50 + 100))));
        }
        assertThat(started).as("the cell's weights are pretrained once, by the real run; the ideal run starts after it")
                .containsExactly("softmax-pretrain-s0", "softmax-n40-s0-real", "softmax-s0-ideal");
        started.clear();
        List<RunRecord> resumed;
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            resumed = p.run(starts, records -> { }, persistence(s, () -> false));
        }
        assertThat(started).as("pretrained weights are loaded, not pretrained again").containsExactly("softmax-n40-s0-real",
                "softmax-s0-ideal");
        assertThat(comparable(resumed)).isEqualTo(comparable(expected));
    }
}
