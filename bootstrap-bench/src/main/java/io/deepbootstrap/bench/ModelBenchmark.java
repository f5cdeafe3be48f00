package io.deepbootstrap.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.models.arch.Cnn;
import io.deepbootstrap.models.arch.Mlp;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;
import io.deepbootstrap.bench.Dl4jResNets;
import io.deepbootstrap.bench.Dl4jVit;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

import static io.deepbootstrap.bench.BenchClock.now;
import static io.deepbootstrap.bench.BenchMachine.backendInfo;
import static io.deepbootstrap.bench.BenchMachine.machine;
import static io.deepbootstrap.bench.BenchMachine.currentRss;
import static io.deepbootstrap.bench.BenchMachine.peakRss;
import static io.deepbootstrap.bench.BenchWorkloads.DL4J_WORKLOADS;
import static io.deepbootstrap.bench.BenchWorkloads.VIT_DL4J_NOTE;
import static io.deepbootstrap.bench.BenchWorkloads.batch;
import static io.deepbootstrap.bench.BenchWorkloads.create;
import static io.deepbootstrap.bench.BenchWorkloads.hasDl4j;
import static io.deepbootstrap.bench.BenchWorkloads.setThreads;
import static io.deepbootstrap.bench.BenchWorkloads.trainingStep;

/**
 * Throughput benchmark of the built-in architectures: training and inference examples/second for the
 * native toolkit and plain DL4J, in the same JVM, with peak RSS. Workloads (CIFAR-sized inputs, 10 classes,
 * SGD with momentum 0.9): {@code mlp} = MLP 3072-512-512-10, {@code cnn} = conv32-pool-conv64-pool-fc128-10,
 * {@code resnet} = the default {@code preact-resnet} (4 pre-activation blocks, widths 32/64, batch norm);
 * the paper's architectures, see {@link BenchWorkloads#PAPER_WORKLOADS}: {@code resnet-small}, {@code resnet18-16},
 * {@code resnet18-64}, {@code vit-small}, {@code vit-small-p8}, {@code vgg11-quarter}. The workloads in
 * {@link BenchWorkloads#DL4J_WORKLOADS} also run on plain DL4J layers ({@link Dl4jResNets}, {@link Dl4jVit}; the DL4J ViT
 * is the closest equivalent, not identical, see {@link BenchWorkloads#VIT_DL4J_NOTE}); the others are native only.
 *
 * <p>Command line: {@code ModelBenchmark [--workloads mlp,cnn] [--engines native,dl4j] [--threads 1,2]
 * [--batch 128] [--seconds 4] [--windows 3] [--memory-steps 0]}. The app's {@code bench} command calls
 * {@link #run(Options, PrintStream)}.
 */
public final class ModelBenchmark {

    /**
     * Benchmark settings.
     *
     * @param workloads names among {@code mlp}, {@code cnn}
     * @param engines names among {@code native}, {@code dl4j}
     * @param threads thread counts to try (OpenMP, libnd4j and BLAS threads are all set to each)
     * @param batch batch size
     * @param windowSeconds length of one timed window
     * @param windows number of timed windows (the median is reported)
     * @param memorySteps if &gt; 0, training steps of a native run (the CNN if measured, else the first
     *     workload; the first thread count) over which RSS is sampled (flatness check)
     */
    public record Options(List<String> workloads, List<String> engines, List<Integer> threads, int batch,
                          double windowSeconds, int windows, int memorySteps) {

        /** @return the defaults: both workloads and engines, 1 and 2 threads, batch 128, 3 windows of 4 s */
        public static Options defaults() {
            return new Options(List.of("mlp", "cnn"), List.of("native", "dl4j"), List.of(1, 2), 128, 4, 3, 0);
        }
    }

    /**
     * One measured row.
     *
     * @param workload workload name
     * @param engine engine name
     * @param threads thread count
     * @param trainPerSecond training examples/second (median of windows)
     * @param inferPerSecond inference examples/second (median of windows)
     */
    public record Row(String workload, String engine, int threads, double trainPerSecond, double inferPerSecond) {
    }

    private ModelBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param options what to measure
     * @param out where progress and the result table (Markdown) are printed
     * @return the measured rows
     */
    public static List<Row> run(Options options, PrintStream out) {
        out.println("machine: " + machine());
        out.println("backend: " + backendInfo());
        List<Row> rows = new ArrayList<>();
        for (String workload : options.workloads()) {
            for (int threads : options.threads()) {
                for (String engine : options.engines()) {
                    if (engine.equals("dl4j") && !hasDl4j(workload)) {
                        out.println(workload + " dl4j: skipped (no plain-DL4J variant)");
                        continue;
                    }
                    if (engine.equals("dl4j") && workload.startsWith("vit")) {
                        out.println(workload + " dl4j: " + VIT_DL4J_NOTE);
                    }
                    setThreads(threads);
                    try (Network net = create(workload, engine, options.batch())) {
                        Batch batch = batch(net, workload, options.batch());
                        Measured train = measure(trainingStep(net, batch)::run, options, batch.size());
                        float[] probs = new float[batch.size() * 10];
                        Measured infer = measure(() -> net.predict(batch, probs), options, batch.size());
                        Row row = new Row(workload, engine, threads, train.rate(), infer.rate());
                        rows.add(row);
                        out.printf(Locale.ROOT, "%s %s threads=%d: train %.0f ex/s, inference %.0f ex/s, %d parameters, VmHWM %s%n",
                                workload, engine, threads, train.rate(), infer.rate(), net.parameterCount(), peakRss());
                        out.printf(Locale.ROOT, "  train windows %s ex/s, warm-up %s; %s%n", train.windowRates(),
                                train.warmup(), train.diagnostics());
                        out.printf(Locale.ROOT, "  inference windows %s ex/s, warm-up %s; %s%n", infer.windowRates(),
                                infer.warmup(), infer.diagnostics());
                        out.printf(Locale.ROOT, "RESULT side=java engine=%s workload=%s threads=%d params=%d train=%.1f infer=%.1f vmhwm=\"%s\" "
                                        + "diag_train=\"%s\" diag_infer=\"%s\"%n",
                                engine, workload, threads, net.parameterCount(), train.rate(), infer.rate(), peakRss(),
                                train.diagnostics(), infer.diagnostics());
                    }
                }
            }
        }
        out.println();
        out.println(table(rows));
        out.println("peak RSS (VmHWM): " + peakRss() + ", current RSS (VmRSS): " + currentRss());
        if (options.memorySteps() > 0) {
            memoryFlatness(options, out);
        }
        return rows;
    }

    /** Formats rows as a Markdown table with the native/DL4J ratio per workload and thread count. */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | threads | engine | train ex/s | inference ex/s | train ratio native/dl4j | inference ratio |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String ratioT = "";
            String ratioI = "";
            if (r.engine().equals("native")) {
                for (Row d : rows) {
                    if (d.engine().equals("dl4j") && d.workload().equals(r.workload()) && d.threads() == r.threads()) {
                        ratioT = String.format(Locale.ROOT, "%.1fx", r.trainPerSecond() / d.trainPerSecond());
                        ratioI = String.format(Locale.ROOT, "%.1fx", r.inferPerSecond() / d.inferPerSecond());
                    }
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %s | %s |%n", r.workload(), r.threads(),
                    r.engine(), r.trainPerSecond(), r.inferPerSecond(), ratioT, ratioI));
        }
        return sb.toString();
    }

    private static void memoryFlatness(Options options, PrintStream out) {
        setThreads(options.threads().get(0));
        String workload = options.workloads().contains("cnn") ? "cnn" : options.workloads().get(0);
        try (Network net = create(workload, "native", options.batch())) {
            Batch batch = batch(net, workload, options.batch());
            float[] probs = new float[batch.size() * 10];
            int every = Math.max(1, options.memorySteps() / 10);
            Runnable step = trainingStep(net, batch);
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= options.memorySteps(); i++) {
                step.run();
                if (i % 5 == 0) {
                    net.predict(batch, probs);
                }
                if (i % every == 0) {
                    sb.append(' ').append(i).append(':').append(currentRss()).append(" (heap committed ")
                            .append(Runtime.getRuntime().totalMemory() >> 20).append(" MB)");
                }
            }
            out.println("RSS over " + options.memorySteps() + " native " + workload + " steps (step:VmRSS (Java heap)):" + sb);
        }
    }

    private interface Step {
        void run();
    }

    /**
     * One measured rate.
     *
     * @param rate examples per second, the median of the windows
     * @param windowRates every window's rate, in order
     * @param warmup what the warm-up did (its length and the JIT compilers' time during it)
     * @param diagnostics where the CPU time went over the timed windows ({@link ProcWindow})
     */
    record Measured(double rate, String windowRates, String warmup, String diagnostics) {
    }

    /** The interval over which the JIT compilers' activity is checked after the fixed warm-up. */
    private static final long SETTLE_INTERVAL_NANOS = 500_000_000L;
    /** At most this much JIT compiler time per second over one interval counts as settled. */
    private static final double SETTLED_CPUS = 0.02;
    /** The longest warm-up. */
    private static final long WARMUP_MAX_NANOS = 8_000_000_000L;

    private static Measured measure(Step step, Options options, int examples) {
        long warmStart = now();
        long compileBefore = compileMillis();
        long warmEnd = warmStart + (long) (Math.min(2.0, options.windowSeconds()) * 1e9);
        step.run();
        step.run();
        while (now() < warmEnd) {
            step.run();
        }
        // then until the JIT compilers have settled (they otherwise still take ~0.1 CPU in the timed windows, from the
        // workers at two threads): their threads' CPU time and run-queue wait (ProcWindow; else the JVM's compilation
        // time, which grows only when a compilation ends) at most SETTLED_CPUS over the last interval, for at most
        // WARMUP_MAX_NANOS
        Optional<ProcWindow.Snapshot> mark = ProcWindow.take();
        long compileMark = compileMillis();
        long markTime = now();
        while ((mark.isPresent() || compileMark >= 0) && now() - warmStart < WARMUP_MAX_NANOS) {
            step.run();
            if (now() - markTime >= SETTLE_INTERVAL_NANOS) {
                Optional<ProcWindow.Snapshot> next = ProcWindow.take();
                long c = compileMillis();
                ProcWindow.Window w = mark.isPresent() && next.isPresent() ? ProcWindow.between(mark.get(), next.get()) : null;
                // CPU plus run-queue wait: at two threads a compiler that wants a CPU may get little of it
                double jit = w != null ? w.groups().getOrDefault("jit", 0.0) + w.waits().getOrDefault("jit", 0.0)
                        : (c - compileMark) / 1e3 / ((now() - markTime) / 1e9);
                if (jit <= SETTLED_CPUS) {
                    break;
                }
                mark = next;
                compileMark = c;
                markTime = now();
            }
        }
        String warmup = String.format(Locale.ROOT, "%.1f s (JIT %d ms)", (now() - warmStart) / 1e9,
                compileMillis() - compileBefore);
        double[] rates = new double[options.windows()];
        Optional<ProcWindow.Snapshot> before = ProcWindow.take();
        for (int w = 0; w < rates.length; w++) {
            long start = now();
            long end = start + (long) (options.windowSeconds() * 1e9);
            int steps = 0;
            long now;
            do {
                step.run();
                steps++;
                now = now();
            } while (now < end);
            rates[w] = steps * (double) examples / ((now - start) / 1e9);
        }
        String diagnostics = ProcWindow.describe(before, ProcWindow.take());
        StringBuilder windows = new StringBuilder();
        for (double r : rates) {
            windows.append(windows.length() == 0 ? "" : " ").append(Math.round(r));
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return new Measured(sorted[sorted.length / 2], windows.toString(), warmup, diagnostics);
    }

    /** @return the JIT compilers' accumulated time in milliseconds, or -1 when the JVM does not say */
    private static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * Command-line entry point.
     *
     * @param args options as in the class description
     */
    public static void main(String[] args) {
        Options d = Options.defaults();
        List<String> workloads = d.workloads();
        List<String> engines = d.engines();
        List<Integer> threads = d.threads();
        int batch = d.batch();
        double seconds = d.windowSeconds();
        int windows = d.windows();
        int memorySteps = d.memorySteps();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            switch (a) {
                case "--workloads" -> workloads = List.of(v.split(","));
                case "--engines" -> engines = List.of(v.split(","));
                case "--threads" -> threads = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--windows" -> windows = Integer.parseInt(v);
                case "--memory-steps" -> memorySteps = Integer.parseInt(v);
                case "--clock" -> BenchClock.useCpuClock(v.equals("cpu"));
                case "--profile" -> {
                    setThreads(threads.get(0));
                    BenchClock.profiling(true);
                    LayerProfile.profile(v, batch, 10, System.out);
                    return;
                }
                case "--profile-parts" -> {
                    setThreads(threads.get(0));
                    PartProfile.profile(v, batch, 20, System.out);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a
                        + "; expected --workloads, --engines, --threads, --batch, --seconds, --windows, --memory-steps");
            }
            i++;
        }
        run(new Options(workloads, engines, threads, batch, seconds, windows, memorySteps), System.out);
    }

    static boolean isDl4j(Network net) {
        return net instanceof Dl4jNetwork;
    }
}
