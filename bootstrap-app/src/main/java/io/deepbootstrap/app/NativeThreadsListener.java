package io.deepbootstrap.app;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.toolkit.Nd4jRuntime;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sets the native thread count (OpenMP, BLAS, libnd4j) of each run before its first step, on the thread
 * that trains it: the architecture's {@code threads} (else {@code training.threads}), 0 meaning all
 * cores, divided by {@code experiment.parallelism} when runs train concurrently.
 */
final class NativeThreadsListener implements RunListener {
    private static final String PRETRAIN = "-pretrain";

    private final Map<String, Integer> byArchitecture;
    private final int available;

    NativeThreadsListener(ExperimentSettings settings) {
        this(settings, Math.max(1, Runtime.getRuntime().availableProcessors() / settings.experiment().parallelism()));
    }

    /** @param settings the experiment @param available the cores one run may use (a sweep task's cpus) */
    NativeThreadsListener(ExperimentSettings settings, int available) {
        this.byArchitecture = settings.architectures().stream()
                .collect(Collectors.toMap(Architecture::label, Architecture::threads));
        this.available = available;
    }

    /** @param architecture a run's architecture label @return the threads its runs use */
    int threadsFor(String architecture) {
        String label = architecture.endsWith(PRETRAIN) ? architecture.substring(0, architecture.length() - PRETRAIN.length())
                : architecture;
        int configured = byArchitecture.getOrDefault(label, 0);
        return configured == 0 ? available : Math.min(configured, available);
    }

    @Override
    public void runStarted(RunId run, int totalSteps) {
        Nd4jRuntime.setThreads(threadsFor(run.architecture()));
    }
}
