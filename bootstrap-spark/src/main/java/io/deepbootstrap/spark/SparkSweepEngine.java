package io.deepbootstrap.spark;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.core.execution.SweepEngine;
import io.deepbootstrap.core.execution.SweepFailure;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.execution.WireFormat;
import io.deepbootstrap.core.result.RunRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a sweep as Spark jobs with one task per run (one partition each, so Spark schedules, places and
 * retries runs individually), all in one Spark application: the first call of {@link #run} starts it, later
 * calls of the same sweep reuse its executors, {@link #close} stops it. Records come back to the driver as their tasks succeed and are handed on
 * at once, so results are written as runs finish. A run whose executor is lost is re-run by Spark (up to
 * {@code execution.max-failures} attempts); the retry resumes from the run's last checkpoint in the job's
 * checkpoint folder (on storage shared by all executors) instead of step 0.
 */
public final class SparkSweepEngine implements SweepEngine {

    @Override
    public String name() {
        return "spark";
    }

    /** The application started by the first call of {@link #run}, kept for the sweep's further calls. */
    private JavaSparkContext context;

    @Override
    public void run(SweepJob job, Consumer<RunRecord> finished) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Spark resolves task classes through the context class loader (in local mode the executor's loader
        // descends from it): make it the loader that holds Spark and this engine.
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            if (context == null) {
                context = start(SparkSettings.of(job, getClass()), job);
            }
            runJob(context.sc(), job, finished);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Stops the Spark application (and with it the executors) this engine started, if any. */
    @Override
    public void close() {
        if (context != null) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(getClass().getClassLoader());
            try {
                context.close();
            } finally {
                context = null;
                thread.setContextClassLoader(previous);
            }
        }
    }

    private static JavaSparkContext start(SparkConf conf, SweepJob job) {
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new SweepFailure("cannot start Spark on master " + job.execution().master() + ": " + rootMessage(e), e);
        }
    }

    private static void runJob(SparkContext sc, SweepJob job, Consumer<RunRecord> finished) {
        List<String> runIds = new ArrayList<>();
        for (RunId id : job.runs()) {
            runIds.add(WireFormat.runId(id));
        }
        RDD<String> runs = new JavaSparkContext(sc).parallelize(runIds, runIds.size()).rdd();
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < runIds.size(); i++) {
            partitions.add(i);
        }
        LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
        sc.setJobDescription(job.name() + ": " + runIds.size() + " runs");
        SimpleFutureAction<BoxedUnit> future = sc.submitJob(runs, new TrainRun(WireFormat.job(job)),
                CollectionConverters.asScala(partitions).toSeq(), new Collect(results), new Done());
        Set<Integer> delivered = new HashSet<>();
        try {
            while (delivered.size() < runIds.size()) {
                Result r = results.poll(200, TimeUnit.MILLISECONDS);
                if (r == null) {
                    if (future.isCompleted() && results.isEmpty()) {
                        future.get(); // throws the job's failure
                        throw new SweepFailure("Spark finished the job with " + delivered.size() + " of " + runIds.size() + " runs");
                    }
                    continue;
                }
                if (delivered.add(r.partition())) {
                    finished.accept(WireFormat.record(r.json()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel();
            throw new SweepFailure("interrupted while waiting for runs", e);
        } catch (SweepFailure e) {
            throw e;
        } catch (Exception e) {
            throw new SweepFailure("the sweep failed on Spark after " + delivered.size() + " of " + runIds.size()
                    + " runs: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.toString() : message.lines().findFirst().orElse(message);
    }

    /** A task's result as the driver receives it. */
    private record Result(int partition, String json) {
    }

    /** Spark's result handler: called on the driver once per successful task; queues the record. */
    private static final class Collect extends AbstractFunction2<Object, String, BoxedUnit> {
        private final LinkedBlockingQueue<Result> results;

        Collect(LinkedBlockingQueue<Result> results) {
            this.results = results;
        }

        @Override
        public BoxedUnit apply(Object partition, String json) {
            results.add(new Result((Integer) partition, json));
            return BoxedUnit.UNIT;
        }
    }

    /** The job's overall value: nothing (records were handed on one by one). */
    private static final class Done extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
