package io.deepbootstrap.spark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.app.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small sweep (8 runs: 2 seeds x (1 ideal + 3 real), each (architecture, seed) cell starting from weights pretrained
 * on another distribution, which every executor computes for itself) trained sequentially in this process, then on Spark in
 * local mode, on a real standalone cluster with two executors, and on that cluster while an executor is killed
 * with SIGKILL in the middle of a run: every Spark result must equal the local one (curves.csv byte for byte
 * apart from the timing column, summary.json byte for byte).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSweepTest {
    private static final String CONFIG = """
            experiment { name = sweep, seed = 3, seeds = 2 }
            data { type = synthetic-images, image-size = 16, train-sizes = [100, 200, 400], test-size = 150 }
            training { steps = 150, batch-size = 32, threads = 1 }
            evaluation { points = 5, batch-size = 150 }
            architectures = [ { type = mlp, hidden = [256, 256], threads = 1 } ]
            pretraining { steps = 30, data = { type = synthetic-images, image-size = 16, noise = 0.5 } }
            """;
    private static final Pattern RUNNING = Pattern.compile("Running task (\\d+)\\.(\\d+) in stage");
    private static final Pattern TRAINING = Pattern.compile("training run (\\S+) \\(checkpoints in");

    private Path dir;
    private Path config;
    private Path local;
    private StandaloneCluster cluster;

    @BeforeAll
    void localReferenceAndCluster(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        config = Files.writeString(dir.resolve("sweep.conf"), CONFIG);
        local = run("local", List.of());
        cluster = StandaloneCluster.start(Path.of(System.getProperty("bootstrap.spark.lib")),
                Files.createDirectories(dir.resolve("cluster")), 2);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void localModeGivesTheLocalRunsResults() throws Exception {
        Path spark = run("spark-local", List.of("--spark", "local[2]"));
        assertSameResults(spark, local);
    }

    @Test
    void standaloneClusterWithTwoExecutorsGivesTheLocalRunsResults() throws Exception {
        Path spark = run("spark-standalone", List.of("--spark", cluster.masterUrl()));
        assertSameResults(spark, local);
        List<Path> executors = executorLogs(appDirs().get(appDirs().size() - 1));
        assertThat(executors).as("executors that trained runs").hasSizeGreaterThanOrEqualTo(2);
        // the executors got --add-modules jdk.incubator.vector: the fused optimizer updates, as the local run
        assertThat(executors).allSatisfy(log -> assertThat(read(log)).contains("optimizer updates: fused (Vector API)"));
    }

    @Test
    void sweepSurvivesAnExecutorKilledInTheMiddleOfARunAndTheRetryResumesFromItsCheckpoint() throws Exception {
        int appsBefore = appDirs().size();
        Path checkpoints = dir.resolve("spark-killed").resolve("sweep").resolve("checkpoints");
        CompletableFuture<Path> sweep = CompletableFuture.supplyAsync(() -> {
            try {
                return run("spark-killed", List.of("--spark", cluster.masterUrl()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Killed killed = killAnExecutorWhileItTrains(appsBefore, checkpoints, Duration.ofMinutes(3));
        Path spark = sweep.get();
        assertSameResults(spark, local);
        // the run the killed executor was training was taken up again elsewhere (a later attempt of its task),
        // continuing from the checkpoint the killed attempt had saved, not from step 0
        Path app = appDirs().get(appsBefore);
        List<String> others = executorLogs(app).stream()
                .filter(log -> !log.getParent().getFileName().toString().equals(killed.executorId()))
                .map(SparkSweepTest::read).toList();
        assertThat(others.stream().anyMatch(text -> retriedTask(text, killed.task())))
                .as("task %d (killed on executor %s) ran again on another executor", killed.task(), killed.executorId()).isTrue();
        Pattern resumed = Pattern.compile(Pattern.quote(killed.run()) + ": continuing from its checkpoint after step (\\d+)");
        List<Integer> resumedAfter = others.stream().flatMap(text -> resumed.matcher(text).results())
                .map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(resumedAfter).as("step after which the retried attempt of run %s resumed", killed.run())
                .singleElement().satisfies(step -> assertThat(step).isPositive());
        System.out.printf("run %s (task %d) killed on executor %s; its retry resumed after step %s%n", killed.run(),
                killed.task(), killed.executorId(), resumedAfter);
        // no run trained twice from scratch: only the killed run was started twice (and it resumed, above)
        List<Path> sweepApps = appDirs().subList(appsBefore, appDirs().size());
        assertThat(sweepApps).as("Spark applications of the sweep (one, for its real and its ideal runs)").hasSize(1);
        Map<String, Long> attempts = executorLogs(app).stream().map(SparkSweepTest::read)
                .flatMap(text -> TRAINING.matcher(text).results().map(m -> m.group(1)))
                .collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
        assertThat(attempts).as("attempts per run").hasSize(8)
                .allSatisfy((run, n) -> assertThat(n).as(run).isEqualTo(run.equals(killed.run()) ? 2L : 1L));
        try (Stream<Path> left = Files.list(checkpoints)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).toList())
                    .as("checkpoints left after the sweep").isEmpty();
        }
    }

    private record Killed(String executorId, int task, String run) {
    }

    /**
     * Waits until an executor of the new application is in the middle of a run that has saved a checkpoint, then
     * SIGKILLs it.
     */
    private Killed killAnExecutorWhileItTrains(int appsBefore, Path checkpoints, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (appDirs().size() > appsBefore) {
                Path app = appDirs().get(appsBefore);
                for (ProcessHandle executor : cluster.executors()) {
                    Optional<String> id = StandaloneCluster.executorId(executor);
                    Path stderr = app.resolve(id.orElse("?")).resolve("stderr");
                    if (id.isEmpty() || !Files.exists(stderr)) {
                        continue;
                    }
                    String log = Files.readString(stderr);
                    Optional<Integer> task = runningTask(log);
                    Optional<String> run = lastRun(log);
                    if (task.isPresent() && run.isPresent() && Files.exists(checkpoints.resolve(run.get() + ".ckpt"))) {
                        executor.destroyForcibly(); // SIGKILL
                        executor.onExit().get();
                        return new Killed(id.get(), task.get(), run.get());
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no executor was seen training a run with a checkpoint within " + timeout);
    }

    /** @return the run an executor's log shows it started last (an executor trains one run at a time) */
    private static Optional<String> lastRun(String log) {
        return TRAINING.matcher(log).results().reduce((a, b) -> b).map(m -> m.group(1));
    }

    /** @return the task an executor's log shows started and not finished, if any */
    private static Optional<Integer> runningTask(String log) {
        Matcher m = RUNNING.matcher(log);
        Optional<Integer> last = Optional.empty();
        String lastId = null;
        while (m.find()) {
            last = Optional.of(Integer.parseInt(m.group(1)));
            lastId = m.group(1) + "." + m.group(2);
        }
        return lastId != null && !log.contains("Finished task " + lastId + " in stage") ? last : Optional.empty();
    }

    private static boolean retriedTask(String log, int task) {
        Matcher m = RUNNING.matcher(log);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == task && Integer.parseInt(m.group(2)) > 0) {
                return true;
            }
        }
        return false;
    }

    private List<Path> appDirs() throws IOException {
        if (!Files.isDirectory(cluster.workDir())) {
            return List.of();
        }
        try (Stream<Path> apps = Files.list(cluster.workDir())) {
            return apps.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> executorLogs(Path app) throws IOException {
        try (Stream<Path> executors = Files.list(app)) {
            return executors.map(e -> e.resolve("stderr")).filter(Files::exists)
                    .filter(f -> RUNNING.matcher(read(f)).find()).sorted().toList();
        }
    }

    /** Runs the sweep with the command line, in this process, into {@code <dir>/<name>/sweep}. */
    private Path run(String name, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--no-progress",
                "-Dexperiment.output-dir=" + dir.resolve(name)));
        args.addAll(extra);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("exit code of %s\nstdout:\n%s\nstderr:\n%s", args, out, err).isZero();
        return dir.resolve(name).resolve("sweep");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertSameResults(Path actual, Path expected) throws IOException {
        List<String> rows = withoutTiming(actual.resolve("curves.csv"));
        assertThat(rows.stream().map(r -> r.substring(0, r.indexOf(','))).distinct()).as("runs in curves.csv").hasSize(8);
        assertThat(rows).containsExactlyElementsOf(withoutTiming(expected.resolve("curves.csv")));
        String summary = Files.readString(actual.resolve("summary.json"));
        assertThat(summary).as("every run starts from its cell's pretrained weights").contains("held-out error");
        assertThat(summary).isEqualTo(Files.readString(expected.resolve("summary.json")));
    }

    /** @return the rows of a curves.csv (without its header) with the elapsed_s column removed */
    private static List<String> withoutTiming(Path curves) throws IOException {
        List<String> lines = Files.readAllLines(curves);
        int column = Arrays.asList(lines.get(0).split(",", -1)).indexOf("elapsed_s");
        assertThat(column).as("elapsed_s column of %s", curves).isNotNegative();
        return lines.stream().skip(1).map(l -> {
            List<String> cells = new ArrayList<>(Arrays.asList(l.split(",", -1)));
            cells.remove(column);
            return String.join(",", cells);
        }).toList();
    }
}
