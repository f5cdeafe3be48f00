package io.deepbootstrap.spark;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.core.execution.RunHost;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.execution.WireFormat;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.toolkit.nn.OptimizerKernels;
import java.io.Serializable;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The Spark task: trains the run of its partition (one run id, as JSON) on the executor and returns the
 * record as JSON. It holds only strings, so Spark's closure serialisation carries no engine class. It writes
 * no results; the run saves checkpoints in the job's checkpoint folder (shared storage), so a retried attempt
 * (its executor died) continues from the last checkpoint and returns the same record (timing aside).
 */
final class TrainRun extends AbstractFunction1<Iterator<String>, String> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);
    /** Whether this JVM has said how it updates weights (once, with its first task). */
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    /** The last job this executor JVM parsed, with its JSON: parsed once, reused by every task of the job. */
    private static volatile Parsed parsed;
    private static volatile RunHost host;

    private final String jobJson;

    /** @param jobJson the sweep job, as {@link WireFormat#job(SweepJob)} wrote it */
    TrainRun(String jobJson) {
        this.jobJson = jobJson;
    }

    @Override
    public String apply(Iterator<String> runIds) {
        if (!runIds.hasNext()) {
            throw new IllegalStateException("empty partition: every task trains exactly one run");
        }
        RunId id = WireFormat.runId(runIds.next());
        if (runIds.hasNext()) {
            throw new IllegalStateException("partition with more than one run: every task trains exactly one run");
        }
        checkKernels();
        if (TOLD.compareAndSet(false, true)) {
            LOG.info("optimizer updates: {}", OptimizerKernels.available() ? "fused (Vector API)"
                    : "separate native calls (no jdk.incubator.vector module in this JVM)");
        }
        RunRecord record = host().run(job(), id, assignedGpu());
        return WireFormat.record(record);
    }

    /** Fails this task, saying why, when the executor's CPU cannot run the OpenBLAS kernels the driver passed on. */
    private static void checkKernels() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "an unnamed host";
        }
        ExecutorKernels.check(System.getenv(), ExecutorKernels.localCpuFlags(), host);
    }

    /** @return the first GPU Spark assigned to this task (spark.task.resource.gpu.amount), or -1 */
    private static int assignedGpu() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return -1;
        }
        Option<ResourceInformation> gpu = task.resources().get("gpu");
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
            return -1;
        }
        return Integer.parseInt(gpu.get().addresses()[0].trim());
    }

    private record Parsed(String json, SweepJob job) {
    }

    private SweepJob job() {
        Parsed p = parsed;
        if (p == null || !p.json().equals(jobJson)) {
            p = new Parsed(jobJson, WireFormat.job(jobJson));
            parsed = p;
        }
        return p.job();
    }

    private static RunHost host() {
        RunHost h = host;
        if (h == null) {
            synchronized (TrainRun.class) {
                if (host == null) {
                    ClassLoader cl = Thread.currentThread().getContextClassLoader();
                    host = ServiceLoader.load(RunHost.class, cl).findFirst().orElseThrow(() -> new IllegalStateException(
                            "no " + RunHost.class.getName() + " on this executor's class path: the application's jars "
                                    + "(lib/*.jar of the distribution) must be given to Spark as user jars"));
                }
                h = host;
            }
        }
        return h;
    }
}
