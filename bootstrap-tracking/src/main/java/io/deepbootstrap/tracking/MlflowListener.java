package io.deepbootstrap.tracking;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Sends world runs to MLflow: one MLflow run per world run (and per pretraining run), created when the
 * run starts (tags world, architecture, train_size, seed, augmentation, phase, status; params: the run's
 * identity and the flattened {@code config.conf} of the experiment directory), a log-batch per
 * evaluation (every test and train metric and the learning rate, with the step and the time of the
 * evaluation), its status at the end
 * (FINISHED for ok, FAILED for diverged or failed, KILLED if the JVM exits first) and, when the listener
 * is closed at the end of the experiment, the experiment's result files as artifacts of every run.
 *
 * <p>The callbacks only queue requests; one background thread sends them in order. A failing server is
 * reported once per kind of problem; after {@code max-consecutive-failures} connection failures or
 * timeouts in a row nothing more is sent. {@link #close} waits at most {@code flush-timeout}.
 *
 * <p>One job: mapping the run events of one experiment to MLflow runs. The HTTP calls are {@link MlflowClient}'s;
 * what is here is one method per event plus the bookkeeping of which MLflow run belongs to which world run.
 */
public final class MlflowListener implements RunListener, AutoCloseable {

    /** A started MLflow run. */
    private record Tracked(String runId, String artifactUri) {
    }

    private static final Set<String> RESULT_FILES = Set.of("conf", "csv", "json", "html", "png");

    private final MlflowSettings settings;
    private final Path experimentDir;
    private final MlflowClient client;
    private final ProblemLog problems;
    private final ThreadPoolExecutor sender;
    private final AtomicInteger dropped = new AtomicInteger();
    private final Thread killHook = new Thread(this::killUnfinished, "mlflow-shutdown");
    // touched by the sender thread only
    private String experimentId;
    private List<MlflowClient.Entry> configParams;
    private final Map<RunId, Tracked> runs = new LinkedHashMap<>();
    private final Map<RunId, Boolean> finished = new HashMap<>();
    private int consecutiveFailures;
    private boolean givenUp;

    /**
     * @param settings the listener's settings
     * @param experimentDir the experiment's output directory (its {@code config.conf} and result files)
     * @param warn where problems are reported (the log)
     */
    public MlflowListener(MlflowSettings settings, Path experimentDir, Consumer<String> warn) {
        this.settings = settings;
        this.experimentDir = experimentDir;
        this.client = new MlflowClient(settings.trackingUri(), settings.requestTimeout());
        this.problems = new ProblemLog(warn);
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), r -> {
                    Thread t = new Thread(r, "mlflow");
                    t.setDaemon(true);
                    return t;
                }, (task, pool) -> {
                    if (dropped.getAndIncrement() == 0) {
                        problems.report("queue full", settings.queueCapacity() + " requests waiting; dropping more");
                    }
                });
        Runtime.getRuntime().addShutdownHook(killHook);
    }

    @Override
    public void runStarted(RunId run, int totalSteps) {
        long now = System.currentTimeMillis();
        submit(() -> tracked(run, now));
    }

    @Override
    public void evaluated(RunId run, Evaluation evaluation) {
        long now = System.currentTimeMillis();
        submit(() -> {
            Tracked t = tracked(run, now);
            if (t == null) {
                return;
            }
            List<MlflowClient.Metric> metrics = new ArrayList<>();
            evaluation.test().forEach((m, v) -> metrics.add(metric("test_" + m, v, now, evaluation.step())));
            evaluation.train().forEach((m, v) -> metrics.add(metric("train_" + m, v, now, evaluation.step())));
            metrics.add(metric("learning_rate", evaluation.learningRate(), now, evaluation.step()));
            for (List<MlflowClient.Metric> part : MlflowLimits.chunks(metrics, MlflowLimits.MAX_METRICS_PER_BATCH)) {
                call("runs/log-batch", () -> client.logBatch(t.runId(), part, List.of(), List.of()));
            }
        });
    }

    @Override
    public void runFinished(RunId run, RunStatus status, String message) {
        long now = System.currentTimeMillis();
        submit(() -> {
            Tracked t = tracked(run, now);
            if (t == null) {
                return;
            }
            List<MlflowClient.Entry> tags = new ArrayList<>(List.of(new MlflowClient.Entry("status", status.id())));
            if (!message.isEmpty()) {
                tags.add(new MlflowClient.Entry("message", MlflowLimits.cut(message, MlflowLimits.MAX_TAG_VALUE_LENGTH)));
            }
            call("runs/log-batch", () -> client.logBatch(t.runId(), List.of(), List.of(), tags));
            call("runs/update", () -> client.updateRun(t.runId(), status == RunStatus.OK ? "FINISHED" : "FAILED", now));
            finished.put(run, true);
        });
    }

    /**
     * Uploads the experiment's result files to every run (if {@code artifacts}), then waits at most
     * {@code flush-timeout} for everything queued to be sent; what is left is dropped and reported.
     */
    @Override
    public void close() {
        if (settings.artifacts()) {
            submit(this::uploadArtifacts);
        }
        sender.shutdown();
        boolean done = false;
        try {
            done = sender.awaitTermination(settings.flushTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!done) {
            int left = sender.shutdownNow().size();
            problems.report("flush timeout", left + " requests still queued after " + settings.flushTimeout().toSeconds()
                    + " s (flush-timeout) were dropped");
        }
        problems.summarize();
        try {
            Runtime.getRuntime().removeShutdownHook(killHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** @return the number of problems reported so far (transport failures, error answers, drops) */
    public int problemCount() {
        return problems.total();
    }

    private void submit(Runnable task) {
        try {
            sender.execute(() -> {
                if (!givenUp) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException closed) {
            problems.report("closed", "an event arrived after the experiment ended and was not sent");
        }
    }

    /** The MLflow run of a world run, created (with its params) on first use; null if that failed. */
    private Tracked tracked(RunId run, long startTime) {
        Tracked known = runs.get(run);
        if (known != null || givenUp) {
            return known;
        }
        if (experimentId == null && !call("experiments/get-by-name or create",
                () -> experimentId = client.experimentId(settings.experimentName()))) {
            return null;
        }
        List<MlflowClient.Entry> tags = List.of(new MlflowClient.Entry("world", run.world().id()),
                new MlflowClient.Entry("architecture", run.architecture()),
                new MlflowClient.Entry("train_size", run.world() == World.IDEAL ? "" : Integer.toString(run.trainSize())),
                new MlflowClient.Entry("seed", Long.toString(run.seed())),
                new MlflowClient.Entry("augmentation", run.augmentation()),
                new MlflowClient.Entry("phase", run.phase().id()),
                new MlflowClient.Entry("status", "running"));
        MlflowClient.RunInfo[] created = new MlflowClient.RunInfo[1];
        if (!call("runs/create", () -> created[0] = client.createRun(experimentId, run.label(), startTime, tags))) {
            return null;
        }
        Tracked t = new Tracked(created[0].runId(), created[0].artifactUri());
        runs.put(run, t);
        List<MlflowClient.Entry> params = new ArrayList<>(List.of(new MlflowClient.Entry("run.label", run.label()),
                new MlflowClient.Entry("run.world", run.world().id()),
                new MlflowClient.Entry("run.phase", run.phase().id()),
                new MlflowClient.Entry("run.architecture", MlflowLimits.cut(run.architecture(), settings.maxParamValueLength())),
                new MlflowClient.Entry("run.train_size", Integer.toString(run.trainSize())),
                new MlflowClient.Entry("run.seed", Long.toString(run.seed())),
                new MlflowClient.Entry("run.augmentation", MlflowLimits.cut(run.augmentation(), settings.maxParamValueLength()))));
        params.addAll(configParams());
        for (List<MlflowClient.Entry> part : MlflowLimits.chunks(params, MlflowLimits.MAX_PARAMS_PER_BATCH)) {
            call("runs/log-batch", () -> client.logBatch(t.runId(), List.of(), part, List.of()));
        }
        return t;
    }

    private List<MlflowClient.Entry> configParams() {
        if (configParams == null) {
            Path file = experimentDir.resolve("config.conf");
            try {
                configParams = MlflowLimits.configParams(Files.readString(file, StandardCharsets.UTF_8),
                        settings.maxParamValueLength());
            } catch (IOException | RuntimeException e) {
                problems.report("no config params", "cannot read " + file + ": " + e.getMessage());
                configParams = List.of();
            }
        }
        return configParams;
    }

    private static MlflowClient.Metric metric(String name, double value, long time, int step) {
        return new MlflowClient.Metric(MlflowLimits.key(name.replace('-', '_')), value, time, step);
    }

    private void uploadArtifacts() {
        List<Path> files;
        try (Stream<Path> list = Files.list(experimentDir)) {
            files = list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> RESULT_FILES.contains(extension(p))).sorted().toList();
        } catch (IOException e) {
            problems.report("artifacts", "cannot list " + experimentDir + ": " + e.getMessage());
            return;
        }
        for (Tracked t : runs.values()) {
            String uri = t.artifactUri();
            if (!uri.startsWith("mlflow-artifacts:")) {
                problems.report("artifacts not uploaded", "the server keeps artifacts at '" + uri + "', which only "
                        + "the server itself can write; start it with --serve-artifacts (the default since MLflow 2.0)");
                return;
            }
            String root = uri.replaceFirst("^mlflow-artifacts:(//[^/]*)?/?", "");
            for (Path file : files) {
                call("PUT mlflow-artifacts", () -> client.uploadArtifact(root + "/" + file.getFileName(),
                        Files.readAllBytes(file)));
            }
        }
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The JVM is exiting without {@link #close}: mark started runs that did not finish as KILLED. */
    private void killUnfinished() {
        if (sender.isShutdown()) {
            return;
        }
        long now = System.currentTimeMillis();
        submit(() -> runs.forEach((run, t) -> {
            if (!finished.containsKey(run)) {
                call("runs/update", () -> client.updateRun(t.runId(), "KILLED", now));
            }
        }));
        sender.shutdown();
        try {
            sender.awaitTermination(Math.min(settings.flushTimeout().toMillis(), 5_000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    /** Runs one request; reports a failure once per kind and stops sending after too many transport failures. */
    private boolean call(String what, Call call) {
        if (givenUp) {
            return false;
        }
        try {
            call.run();
            consecutiveFailures = 0;
            return true;
        } catch (MlflowException e) {
            consecutiveFailures = 0;
            problems.report(what + " refused (HTTP " + e.status() + " " + e.errorCode() + ")", e.getMessage());
        } catch (IOException e) {
            boolean transport = e instanceof ConnectException || e instanceof HttpTimeoutException
                    || e.getCause() instanceof ConnectException;
            problems.report(transport ? "server unreachable at " + settings.trackingUri() : what + " failed",
                    e.toString());
            if (transport && ++consecutiveFailures >= settings.maxConsecutiveFailures()) {
                givenUp = true;
                problems.report("giving up", consecutiveFailures + " requests in a row failed to reach "
                        + settings.trackingUri() + "; the rest of this experiment is not sent to MLflow");
            }
        }
        return false;
    }
}
