package io.deepbootstrap.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.models.arch.Cnn;
import io.deepbootstrap.models.arch.Mlp;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The benchmark's workloads: which networks {@link ModelBenchmark} measures (native and, where one exists, plain
 * DL4J), how each is built for CIFAR-sized inputs, its input batch, and one training step as the trainer takes it.
 */
public final class BenchWorkloads {
    private BenchWorkloads() {
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

    static Batch batch(Network net, String workload, int size) {
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
        BenchWorkloads.threads = threads;
    }
}
