package io.deepbootstrap.bench;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.models.TestContext;
import io.deepbootstrap.models.TinyTasks;
import io.deepbootstrap.models.arch.Cnn;
import io.deepbootstrap.models.arch.Mlp;
import io.deepbootstrap.models.arch.ResNet;
import io.deepbootstrap.models.arch.Vgg;
import io.deepbootstrap.models.arch.Vit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: training speed (examples/second, SGD with momentum 0.9 and weight decay 5e-4) of the paper's
 * architectures on 3x32x32 inputs, 10 classes, batch 128 (or the batch given with {@code -Dbatch=}), and the
 * inference speed of {@code predict}. Prints the load average before and after each entry and the examples
 * trained per CPU-second of this process (all threads): the machine is shared, so read the numbers with it.
 *
 * <p>Run after {@code mvn -pl bootstrap-models test-compile}:
 * {@code java <surefire argLine flags> -cp target/classes:target/test-classes:<test classpath>
 * io.deepbootstrap.models.bench.ArchitectureBenchmark [name 'keys' [seconds]]...}; without arguments the
 * default entries below run (about 20 s each; {@code -Dseconds=} changes that). With OMP_NUM_THREADS=2 as in the
 * tests. On a machine shared with other busy processes set {@code OMP_WAIT_POLICY=PASSIVE}: with the default
 * (spinning) policy, OpenMP threads that wait for a descheduled peer burn the time slices, and training was
 * measured 4-7x slower here (e.g. a 4-block ResNet of width 16: 50 vs 243-369 examples/s).
 */
public final class ArchitectureBenchmark {
    private ArchitectureBenchmark() {
    }

    /** The default entries: type and HOCON keys. */
    static final String[][] DEFAULTS = {
            {"resnet", "width = 32, blocks = [1, 1, 1, 1]"},
            {"resnet", "width = 16, depth = 18"},
            {"resnet", "width = 64, depth = 18"},
            {"vit", "patch-size = 8, dim = 64, depth = 2, heads = 4, mlp-dim = 128"},
            {"vit", "patch-size = 4, dim = 64, depth = 2, heads = 4, mlp-dim = 128"},
            {"vgg", "width-multiplier = 0.25"},
    };

    static ArchitectureFactory factory(String name) {
        return switch (name) {
            case "resnet" -> new ResNet.Factory();
            case "vgg" -> new Vgg.Factory();
            case "vit" -> new Vit.Factory();
            case "cnn" -> new Cnn.Factory();
            case "mlp" -> new Mlp.Factory();
            default -> throw new IllegalArgumentException("unknown architecture " + name);
        };
    }

    /** @return CPU seconds (user + system, all threads) this process has used, from /proc/self/stat */
    static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * @param args pairs or triples: architecture type, HOCON keys, optional seconds per entry
     */
    public static void main(String[] args) {
        int batchSize = Integer.getInteger("batch", 128);
        List<String[]> entries = new ArrayList<>();
        if (args.length == 0) {
            entries.addAll(Arrays.asList(DEFAULTS));
        } else {
            for (int i = 0; i + 1 < args.length; i += 2) {
                entries.add(new String[] {args[i], args[i + 1]});
            }
        }
        double seconds = Double.parseDouble(System.getProperty("seconds", "20"));
        InputShape shape = new InputShape(32, 32, 3);
        Batch batch = TinyTasks.batch(shape, 10, batchSize, 1);
        OptimizerSpec opt = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.9, false, 5e-4, 0.9, 0.999, 1e-8);
        System.out.printf("batch %d, 3x32x32, 10 classes, OMP_NUM_THREADS=%s%n", batchSize, System.getenv("OMP_NUM_THREADS"));
        for (String[] e : entries) {
            String before = load();
            var config = ConfigFactory.parseString(e[1])
                    .withFallback(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath(e[0])));
            String omp = System.getenv("OMP_NUM_THREADS");
            int threads = omp != null ? Integer.parseInt(omp) : Runtime.getRuntime().availableProcessors();
            try (Network net = factory(e[0]).create(config, new TestContext(shape, 10, 1, batchSize, threads))) {
                Optimizer optimizer = Optimizers.create(opt, net.parameters());
                long t0 = System.nanoTime();
                TinyTasks.step(net, optimizer, batch, 0.01);
                double firstStep = (System.nanoTime() - t0) / 1e9;
                TinyTasks.step(net, optimizer, batch, 0.01);
                // timed windows of ~seconds/4 each; report all and the median
                List<Double> rates = new ArrayList<>();
                double cpu0 = cpuSeconds();
                long trained = 0;
                long end = System.nanoTime() + (long) (seconds * 0.75e9);
                while (System.nanoTime() < end || rates.size() < 3) {
                    long w0 = System.nanoTime();
                    int steps = 0;
                    while (steps < 1 || System.nanoTime() - w0 < seconds * 0.2e9) {
                        TinyTasks.step(net, optimizer, batch, 0.01);
                        steps++;
                    }
                    trained += (long) steps * batchSize;
                    rates.add(steps * batchSize / ((System.nanoTime() - w0) / 1e9));
                    if (rates.size() >= 5) {
                        break;
                    }
                }
                double cpuPerExample = (cpuSeconds() - cpu0) / trained;
                float[] p = new float[batchSize * 10];
                long p0 = System.nanoTime();
                int predicted = 0;
                while (predicted < 3 * batchSize || System.nanoTime() - p0 < seconds * 0.1e9) {
                    net.predict(batch, p);
                    predicted += batchSize;
                }
                double predictRate = predicted / ((System.nanoTime() - p0) / 1e9);
                List<Double> sorted = new ArrayList<>(rates);
                sorted.sort(null);
                System.out.printf("%-7s %-62s params %,11d | train %7.1f ex/s (windows %s; %.1f ex per CPU-second) | predict %7.1f ex/s | first step %.2f s | load %s -> %s%n",
                        e[0], e[1], net.parameterCount(), sorted.get(sorted.size() / 2),
                        rates.stream().map(r -> String.format("%.1f", r)).toList(), 1 / cpuPerExample, predictRate, firstStep, before, load());
            }
        }
    }
}
