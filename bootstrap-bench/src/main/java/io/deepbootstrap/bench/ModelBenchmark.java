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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput benchmark of the built-in architectures: training and inference examples/second for the
 * native toolkit and plain DL4J, in the same JVM, with peak RSS. Workloads (CIFAR-sized inputs, 10 classes,
 * SGD with momentum 0.9): {@code mlp} = MLP 3072-512-512-10, {@code cnn} = conv32-pool-conv64-pool-fc128-10,
 * {@code resnet} = the default {@code preact-resnet} (4 pre-activation blocks, widths 32/64, batch norm);
 * the paper's architectures, see {@link #PAPER_WORKLOADS}: {@code resnet-small}, {@code resnet18-16},
 * {@code resnet18-64}, {@code vit-small}, {@code vit-small-p8}, {@code vgg11-quarter}. The workloads in
 * {@link #DL4J_WORKLOADS} also run on plain DL4J layers ({@link Dl4jResNets}, {@link Dl4jVit}; the DL4J ViT
 * is the closest equivalent, not identical, see {@link #VIT_DL4J_NOTE}); the others are native only.
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
                        double train = measure(trainingStep(net, batch)::run, options, batch.size());
                        float[] probs = new float[batch.size() * 10];
                        double infer = measure(() -> net.predict(batch, probs), options, batch.size());
                        Row row = new Row(workload, engine, threads, train, infer);
                        rows.add(row);
                        out.printf(Locale.ROOT, "%s %s threads=%d: train %.0f ex/s, inference %.0f ex/s, %d parameters, VmHWM %s%n",
                                workload, engine, threads, train, infer, net.parameterCount(), procStatus("VmHWM"));
                        out.printf(Locale.ROOT, "RESULT side=java engine=%s workload=%s threads=%d params=%d train=%.1f infer=%.1f vmhwm=\"%s\"%n",
                                engine, workload, threads, net.parameterCount(), train, infer, procStatus("VmHWM"));
                    }
                }
            }
        }
        out.println();
        out.println(table(rows));
        out.println("peak RSS (VmHWM): " + procStatus("VmHWM") + ", current RSS (VmRSS): " + procStatus("VmRSS"));
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
                    sb.append(' ').append(i).append(':').append(procStatus("VmRSS")).append(" (heap committed ")
                            .append(Runtime.getRuntime().totalMemory() >> 20).append(" MB)");
                }
            }
            out.println("RSS over " + options.memorySteps() + " native " + workload + " steps (step:VmRSS (Java heap)):" + sb);
        }
    }

    private interface Step {
        void run();
    }

    /** Wall-clock or process CPU time in nanoseconds (the latter only for development on a busy machine). */
    private static volatile boolean cpuClock;
    /** The profile measures one thread's CPU time (process CPU time ticks are too coarse per layer). */
    private static volatile boolean profiling;

    /**
     * @param cpu true: rates per second of process CPU time instead of wall time (for a busy machine; meaningful
     *     with one thread)
     */
    public static void useCpuClock(boolean cpu) {
        cpuClock = cpu;
    }

    private static long now() {
        if (cpuClock && profiling) {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        if (cpuClock) {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
        return System.nanoTime();
    }

    private static double measure(Step step, Options options, int examples) {
        long warmEnd = now() + (long) (Math.min(2.0, options.windowSeconds()) * 1e9);
        step.run();
        step.run();
        while (now() < warmEnd) {
            step.run();
        }
        double[] rates = new double[options.windows()];
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
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    /**
     * Workloads of the paper's architectures: name -> {architecture type, HOCON keys} (DL4J variants: see
     * {@link #DL4J_WORKLOADS}).
     * {@code resnet-small} is the {@code resnet} counterpart of the {@code resnet} workload above.
     */
    public static final java.util.Map<String, String[]> PAPER_WORKLOADS = java.util.Map.of(
            "resnet-small", new String[] {"resnet", "width = 32, blocks = [1, 1, 1, 1]"},
            "resnet18-16", new String[] {"resnet", "width = 16, depth = 18"},
            "resnet18-64", new String[] {"resnet", "width = 64, depth = 18"},
            "vit-small", new String[] {"vit", "patch-size = 4, dim = 64, depth = 2, heads = 4, mlp-dim = 128"},
            "vit-small-p8", new String[] {"vit", "patch-size = 8, dim = 64, depth = 2, heads = 4, mlp-dim = 128"},
            "vgg11-quarter", new String[] {"vgg", "width-multiplier = 0.25"});

    private record Context(InputShape inputShape, int numClasses, long weightSeed, int maxBatchSize,
                           int nativeThreads) implements ArchitectureContext {
    }

    /** The thread count of the last {@link #setThreads}, which networks created afterwards use. */
    private static int threads = Runtime.getRuntime().availableProcessors();

    /**
     * One training step as the framework's trainer takes it: gradients, then SGD with momentum 0.9 (the optimizer
     * the benchmark has always measured).
     *
     * @param net the network
     * @param batch its batch
     * @return a step to call repeatedly
     */
    public static Runnable trainingStep(Network net, Batch batch) {
        Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters());
        return () -> {
            net.computeGradients(batch);
            optimizer.step(0.01);
        };
    }

    /** Workloads with a plain-DL4J variant ({@code engine = dl4j}). */
    public static final java.util.Set<String> DL4J_WORKLOADS =
            java.util.Set.of("mlp", "cnn", "resnet", "resnet-small", "resnet18-16", "resnet18-64", "vit-small", "vit-small-p8");

    /** How the DL4J ViT differs from the native one (printed with its rows; see {@link Dl4jVit}). */
    public static final String VIT_DL4J_NOTE = "closest plain-DL4J equivalent: no position embeddings, layer norms "
            + "without gain/bias, attention projections without bias (see Dl4jVit)";

    /**
     * @param workload a workload name
     * @return whether it has a plain-DL4J variant
     */
    public static boolean hasDl4j(String workload) {
        return DL4J_WORKLOADS.contains(workload);
    }

    /**
     * Builds a benchmark network.
     *
     * @param workload {@code mlp}, {@code cnn}, {@code resnet} or a key of {@link #PAPER_WORKLOADS}
     * @param engine {@code native} or {@code dl4j} (the latter for {@link #DL4J_WORKLOADS} only)
     * @param batch batch size
     * @return the network
     */
    public static Network create(String workload, String engine, int batch) {
        String[] paper = PAPER_WORKLOADS.get(workload);
        if (paper != null) {
            ArchitectureFactory f = switch (paper[0]) {
                case "resnet" -> new io.deepbootstrap.models.arch.ResNet.Factory();
                case "vgg" -> new io.deepbootstrap.models.arch.Vgg.Factory();
                default -> new io.deepbootstrap.models.arch.Vit.Factory();
            };
            Config c = ConfigFactory.parseString(paper[1])
                    .withFallback(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath(paper[0])));
            Context ctx = new Context(new InputShape(32, 32, 3), 10, 1, batch, threads);
            if (engine.equals("dl4j")) {
                return paperDl4j(workload, paper[0], c, ctx);
            }
            return f.create(c, ctx);
        }
        ArchitectureFactory factory = switch (workload) {
            case "mlp" -> new Mlp.Factory();
            case "cnn" -> new Cnn.Factory();
            case "resnet" -> new io.deepbootstrap.models.arch.PreactResnet.Factory();
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "', expected mlp, cnn or resnet");
        };
        Config config = workload.equals("resnet")
                ? ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath("preact-resnet"))
                : ConfigFactory.parseString("engine = " + engine)
                        .withFallback(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath(workload)));
        Context ctx = new Context(new InputShape(32, 32, 3), 10, 1, batch, threads);
        if (workload.equals("resnet") && engine.equals("dl4j")) {
            int[] widths = config.getIntList("widths").stream().mapToInt(Integer::intValue).toArray();
            int[] blocks = new int[widths.length];
            Arrays.fill(blocks, config.getInt("blocks-per-stage"));
            // the native preact-resnet: shortcuts from the block input, batch norm eps 1e-5, momentum 0.1
            return Dl4jResNets.resnet(ctx, new Dl4jResNets.Spec(widths, blocks, false, true, 1e-5, 0.1));
        }
        return factory.create(config, ctx);
    }

    private static Network paperDl4j(String workload, String type, Config c, Context ctx) {
        switch (type) {
            case "resnet" -> {
                int k = c.getInt("width");
                int[] blocks = c.getIntList("blocks").isEmpty()
                        ? io.deepbootstrap.models.arch.ResNet.blocksForDepth(c.getInt("depth"))
                        : c.getIntList("blocks").stream().mapToInt(Integer::intValue).toArray();
                int[] widths = new int[blocks.length];
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = k << i;
                }
                return Dl4jResNets.resnet(ctx, new Dl4jResNets.Spec(widths, blocks, true, true,
                        c.getDouble("batch-norm-epsilon"), c.getDouble("batch-norm-momentum")));
            }
            case "vit" -> {
                return Dl4jVit.vit(ctx, c.getInt("patch-size"), c.getInt("dim"), c.getInt("depth"), c.getInt("heads"),
                        c.getInt("mlp-dim"));
            }
            default -> throw new IllegalArgumentException("workload '" + workload + "' has no plain-DL4J variant");
        }
    }

    private static Batch batch(Network net, String workload, int size) {
        Batch b = new Batch(new InputShape(32, 32, 3), 10, size);
        SplittableRandom r = new SplittableRandom(7);
        float[] f = b.features();
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < size; i++) {
            b.labels()[i] = r.nextInt(10);
        }
        b.setOneHotTargets();
        return b;
    }

    /**
     * Sets the thread count of libnd4j's loops, OpenMP (oneDNN) and BLAS; networks created afterwards by
     * {@link #create} use it too (their context's native thread count).
     *
     * @param threads thread count
     */
    public static void setThreads(int threads) {
        io.deepbootstrap.toolkit.internal.Nd4jRuntime.setThreads(threads);
        ModelBenchmark.threads = threads;
    }

    /**
     * @param key a key of /proc/self/status such as VmHWM or VmRSS
     * @return its value (e.g. {@code 812345 kB}), or {@code ?} where unavailable
     */
    public static String procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return line.substring(key.length() + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }

    private static String machine() {
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep "?"
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load average " + loadAverage();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String backendInfo() {
        boolean onednn = io.deepbootstrap.toolkit.internal.Nd4jRuntime.hasOneDnn();
        return Nd4j.getBackend().getClass().getSimpleName() + (onednn ? " with HAVE_ONEDNN" : " WITHOUT oneDNN");
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
                case "--clock" -> cpuClock = v.equals("cpu");
                case "--profile" -> {
                    setThreads(threads.get(0));
                    profiling = true;
                    profile(v, batch, 10, System.out);
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

    /**
     * Prints where a native training step spends its time: per layer forward and backward, the head, and
     * the optimizer update (wall-clock milliseconds per step, averaged).
     *
     * @param workload {@code mlp} or {@code cnn}
     * @param batchSize batch size
     * @param steps steps to average over (after 3 warm-up steps)
     * @param out destination
     */
    public static void profile(String workload, int batchSize, int steps, PrintStream out) {
        try (io.deepbootstrap.toolkit.nn.NativeNetwork net =
                     (io.deepbootstrap.toolkit.nn.NativeNetwork) create(workload, "native", batchSize)) {
            Batch b = batch(net, workload, batchSize);
            io.deepbootstrap.toolkit.nn.Sequential seq = net.sequential();
            List<io.deepbootstrap.toolkit.nn.Layer> layers = seq.layers();
            long[] fwd = new long[layers.size()];
            long[] bwd = new long[layers.size()];
            long head = 0;
            long update = 0;
            org.nd4j.linalg.api.ndarray.INDArray x = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                    io.deepbootstrap.toolkit.nn.Ops.batchShape(batchSize, seq.inputShape()), 'c');
            org.nd4j.linalg.api.ndarray.INDArray g = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, batchSize, 10);
            io.deepbootstrap.toolkit.nn.SoftmaxCrossEntropy ce = new io.deepbootstrap.toolkit.nn.SoftmaxCrossEntropy(10, batchSize);
            Optimizer upd = Optimizers.create(OptimizerSpec.sgd(0.9), seq.parameters());
            for (int s = 0; s < steps + 3; s++) {
                boolean count = s >= 3;
                io.deepbootstrap.toolkit.nn.Ops.put(x, b.features(), b.features().length);
                org.nd4j.linalg.api.ndarray.INDArray a = x;
                for (int i = 0; i < layers.size(); i++) {
                    long t = now();
                    a = layers.get(i).forward(a, true);
                    if (count) {
                        fwd[i] += now() - t;
                    }
                }
                long t = now();
                ce.lossAndGradient(a, b.targets(), g);
                if (count) {
                    head += now() - t;
                }
                org.nd4j.linalg.api.ndarray.INDArray d = g;
                for (int i = layers.size() - 1; i >= 0; i--) {
                    t = now();
                    d = layers.get(i).backward(d, i > 0);
                    if (count) {
                        bwd[i] += now() - t;
                    }
                }
                t = now();
                upd.step(0.01);
                if (count) {
                    update += now() - t;
                }
            }
            double total = 0;
            out.printf(Locale.ROOT, "profile of native %s, batch %d, ms per step:%n", workload, batchSize);
            for (int i = 0; i < layers.size(); i++) {
                out.printf(Locale.ROOT, "  %2d %-12s forward %7.2f  backward %7.2f%n", i, layers.get(i).name(),
                        fwd[i] / 1e6 / steps, bwd[i] / 1e6 / steps);
                total += (fwd[i] + bwd[i]) / 1e6 / steps;
            }
            out.printf(Locale.ROOT, "  head %.2f, update %.2f, total %.2f ms%n", head / 1e6 / steps, update / 1e6 / steps,
                    total + (head + update) / 1e6 / steps);
        }
    }
}
