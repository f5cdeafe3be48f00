package io.deepbootstrap.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.execution.RunHost;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.toolkit.internal.Nd4jBackends;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's side of a sweep engine's task: rebuilds the job's experiment in this JVM exactly as the
 * driver built it (the same plugin folders, the driver's merged configuration, the same base directory) and
 * trains one run through the engine's own run path; the driver wrote the task's cores into the shipped
 * configuration as the runs' native threads. The experiment is prepared once per job and JVM and reused by
 * every run of the job this JVM trains (in Spark's local mode, once in the driver's JVM).
 * A run with checkpoints ({@link SweepJob#checkpoints()}) saves them in the job's checkpoint folder and, when a
 * checkpoint of an earlier attempt is there (its executor died), continues from it; its checkpoint is removed once
 * it has finished. Nothing else is written here: the driver writes the results.
 */
public final class WorkerRunHost implements RunHost {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRunHost.class);
    private static final Object LOCK = new Object();
    private static Experiment current;

    /** An experiment prepared for one job; {@code owned} when this host opened it (and closes it). */
    private record Experiment(String jobId, ExperimentSettings settings, ExperimentRunner.Prepared prepared,
                              Application app, boolean owned) {
        void close() {
            if (owned) {
                prepared.close();
                app.close();
            }
        }
    }

    @Override
    public RunRecord run(SweepJob job, RunId run, int gpu) {
        return run(job, run, gpu, new RunListener() { });
    }

    /** {@link #run(SweepJob, RunId, int)} observed by {@code listener}. */
    RunRecord run(SweepJob job, RunId run, int gpu, RunListener listener) {
        Experiment e = experiment(job);
        List<Integer> stops = job.stopSteps().get(run.label());
        if (stops != null) {
            e.prepared().evaluateAtStops(run, stops);
        }
        if (gpu >= 0 && Nd4jBackends.cudaBuild()) {
            Nd4j.getAffinityManager().unsafeSetDevice(gpu); // this thread's ND4J arrays live on the assigned GPU
        }
        if (!job.checkpoints()) {
            LOG.info("training run {} (no checkpoints)", run.label());
            return e.prepared().run(run, listener);
        }
        Path checkpoints = Path.of(job.checkpointDirectory());
        LOG.info("training run {} (checkpoints in {})", run.label(), checkpoints);
        return e.prepared().resumeOrRun(run, listener, checkpoints, job.checkpointInterval());
    }

    private static Experiment experiment(SweepJob job) {
        synchronized (LOCK) {
            if (current == null || !current.jobId().equals(job.id())) {
                replace(open(job));
            }
            return current;
        }
    }

    private static void replace(Experiment next) {
        if (current != null) {
            current.close();
        }
        current = next;
    }

    private static Experiment open(SweepJob job) {
        LOG.info("preparing experiment {} (sweep {}) in this JVM", job.name(), job.id());
        Config user = ConfigFactory.parseString(job.configuration(),
                ConfigParseOptions.defaults().setOriginDescription("configuration of sweep " + job.name()));
        List<Path> dirs = job.pluginDirs().stream().map(Path::of).toList();
        Application app = Application.startWith(dirs, new PrintWriter(System.err, true), null);
        try {
            // The driver validated what the user wrote; the shipped configuration is already merged (defaults
            // included) and resolved, so there are no user keys left to check here: only values to read.
            Config merged = ConfigLoader.merge(user, app.defaults());
            ExperimentSettings settings = ExperimentSettings.parse(ConfigFactory.empty(), merged, merged,
                    Path.of(job.baseDirectory()), app.registry());
            ExperimentRunner.Prepared prepared = new ExperimentRunner(app.registry()).prepare(settings);
            return new Experiment(job.id(), settings, prepared, app, true);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }
}
