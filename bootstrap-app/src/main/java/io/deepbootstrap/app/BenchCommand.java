package io.deepbootstrap.app;

import io.deepbootstrap.bench.EngineOverheadBenchmark;
import io.deepbootstrap.bench.ModelBenchmark;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training and inference throughput of the built-in networks, native vs DL4J, and the engine's overhead. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training and inference examples/second (native layer toolkit vs plain DL4J layers, "
                + "batch 128, median of timed windows), peak RSS, and the engine's overhead over a bare fit loop.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--workloads", split = ",", description = "Networks to measure: mlp, cnn, resnet (4 pre-act blocks, 32/64), resnet-small, resnet18-16, resnet18-64, vit-small, vit-small-p8, vgg11-quarter (default: ${DEFAULT-VALUE}).", defaultValue = "mlp,cnn,resnet,resnet18-16,vit-small")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--engines", split = ",", description = "native and/or dl4j (default: ${DEFAULT-VALUE}).", defaultValue = "native,dl4j")
    List<String> engines = new ArrayList<>();

    @Option(names = "--threads", split = ",", description = "Thread counts to try (default: ${DEFAULT-VALUE}).", defaultValue = "1,2")
    List<Integer> threads = new ArrayList<>();

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int batch;

    @Option(names = "--seconds", description = "Length of one timed window (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    double seconds;

    @Option(names = "--windows", description = "Timed windows; the median is reported (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int windows;

    @Option(names = "--memory-steps", description = "Native training steps over which RSS is sampled (0 = skip; default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int memorySteps;

    @Option(names = "--overhead-steps", description = "Steps per engine-overhead measurement (0 = skip; default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int overheadSteps;

    @Option(names = "--clock", description = "wall, or cpu: examples per second of process CPU time, for a busy machine "
            + "(meaningful with one thread; default: ${DEFAULT-VALUE}).", defaultValue = "wall")
    String clock;

    @Option(names = "--profile-parts", description = "Instead of the benchmark: milliseconds per part (layers; "
            + "transformer blocks, attention and pre-activation residual blocks split into their parts) of one native workload's "
            + "inference pass and training step, with the first --threads value: CPU time with one thread, wall time with more "
            + "(compare bench/pytorch/profile.py).")
    String profileParts;

    @Option(names = "--gemm-peak", description = "Instead of the benchmark: the machine's sgemm throughput with oneDNN "
            + "(2048^3; at each --threads value t, t threads each multiplying their own matrices on one core), in GFLOP/s: the "
            + "physical limit bench/compare.py reports achieved GFLOP/s against.")
    boolean gemmPeak;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (!clock.equals("wall") && !clock.equals("cpu")) {
            System.err.println("error: --clock must be wall or cpu, got '" + clock + "'");
            return 2;
        }
        io.deepbootstrap.bench.BenchClock.useCpuClock(clock.equals("cpu"));
        if (gemmPeak) {
            for (int t : threads) {
                double g = io.deepbootstrap.bench.GemmPeak.gflops(t, seconds);
                out.printf(Locale.ROOT, "gemm peak (oneDNN sgemm, %d^3): %d thread(s) %.0f GFLOP/s%n",
                        io.deepbootstrap.bench.GemmPeak.SIZE, t, g);
                out.printf(Locale.ROOT, "RESULT side=java gemm-peak threads=%d gflops=%.1f%n", t, g);
            }
            return 0;
        }
        if (profileParts != null) {
            io.deepbootstrap.bench.BenchWorkloads.setThreads(threads.get(0));
            io.deepbootstrap.bench.PartProfile.profile(profileParts, batch, 20, out);
            return 0;
        }
        ModelBenchmark.run(new ModelBenchmark.Options(workloads, engines, threads, batch, seconds, windows, memorySteps), out);
        if (overheadSteps > 0) {
            out.println();
            out.println("engine overhead (same network, data and order; bare fit loop vs the engine's trainer):");
            io.deepbootstrap.bench.BenchWorkloads.setThreads(threads.get(0));
            EngineOverheadBenchmark.Result r = EngineOverheadBenchmark.run("mlp", batch, overheadSteps, 3, out);
            out.printf(Locale.ROOT, "mlp: bare %.0f ex/s, engine %.0f ex/s, overhead %.1f%%%n", r.bare(), r.engine(), 100 * r.overhead());
        }
        return 0;
    }
}
