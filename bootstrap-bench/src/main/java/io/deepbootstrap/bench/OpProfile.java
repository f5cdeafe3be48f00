package io.deepbootstrap.bench;

import io.deepbootstrap.toolkit.nn.BatchNorm;
import io.deepbootstrap.toolkit.nn.Conv2d;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.Pool2d;
import io.deepbootstrap.toolkit.nn.Relu;
import io.deepbootstrap.toolkit.nn.Sequential;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-layer-type profile of a convolutional workload's training step: every distinct layer shape of the network
 * (the same list as {@code bench/pytorch/op_profile.py} builds for PyTorch) is built alone at batch 128 and
 * timed in thread CPU milliseconds: forward, backward without the input gradient (for a convolution: the weight
 * gradient) and backward with it; the figures are multiplied by how often the shape occurs in the network.
 *
 * <p>Command line: {@code OpProfile [--threads n] [--clock cpu|wall] [--seconds s] [--batch b] [workload ...]} with
 * {@code resnet18-16}, {@code resnet18-64}, {@code cnn}, {@code cnn-fmnist} (the small CNN on 1x28x28, e.g. with
 * {@code --batch 64}). By default batch 128, one thread (run with {@code OMP_NUM_THREADS=1})
 * and thread CPU time; {@code --threads 2 --clock wall} shows which layers gain from a second thread (CPU time of
 * the calling thread does not count the other threads' work: use wall time with more than one thread).
 */
public final class OpProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OpProfile() {
    }

    /** One layer shape: kind, channels in/out, kernel, stride, input height (= width), occurrences. */
    record Op(String kind, int cin, int cout, int kernel, int stride, int hw, int count) {
        String key() {
            return switch (kind) {
                case "conv", "convb" -> String.format(Locale.ROOT, "conv%dx%d s%d %d->%d @%d", kernel, kernel, stride, cin, cout, hw);
                default -> String.format(Locale.ROOT, "%s %d @%d", kind, cin, hw);
            };
        }
    }

    /**
     * @param workload {@code resnet18-16}, {@code resnet18-64}, {@code resnet-small16}, {@code cnn} or
     *     {@code cnn-fmnist} (the small CNN on 1x28x28 inputs)
     * @return the network's layer shapes with their counts (the PyTorch twin builds the same list)
     */
    static List<Op> ops(String workload) {
        Map<String, Op> ops = new TreeMap<>();
        List<Op> all = new ArrayList<>();
        if (workload.equals("cnn") || workload.equals("cnn-fmnist")) {
            int in = workload.equals("cnn") ? 3 : 1; // cnn-fmnist: the end-to-end experiment's CNN on 1x28x28
            int hw = workload.equals("cnn") ? 32 : 28;
            all.add(new Op("convb", in, 32, 3, 1, hw, 1));
            all.add(new Op("relu", 32, 32, 0, 0, hw, 1));
            all.add(new Op("maxpool", 32, 32, 2, 2, hw, 1));
            all.add(new Op("convb", 32, 64, 3, 1, hw / 2, 1));
            all.add(new Op("relu", 64, 64, 0, 0, hw / 2, 1));
            all.add(new Op("maxpool", 64, 64, 2, 2, hw / 2, 1));
        } else if (workload.startsWith("resnet18-")) {
            int width = Integer.parseInt(workload.substring("resnet18-".length()));
            all.add(new Op("conv", 3, width, 3, 1, 32, 1));
            int c = width;
            int hw = 32;
            for (int stage = 0; stage < 4; stage++) {
                int w = width << stage;
                for (int b = 0; b < 2; b++) {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    int out = hw / stride;
                    all.add(new Op("batchnorm", c, c, 0, 0, hw, 1));
                    all.add(new Op("relu", c, c, 0, 0, hw, 1));
                    all.add(new Op("conv", c, w, 3, stride, hw, 1));
                    all.add(new Op("batchnorm", w, w, 0, 0, out, 1));
                    all.add(new Op("relu", w, w, 0, 0, out, 1));
                    all.add(new Op("conv", w, w, 3, 1, out, 1));
                    if (stride != 1 || c != w) {
                        all.add(new Op("conv", c, w, 1, stride, hw, 1));
                    }
                    all.add(new Op("add", w, w, 0, 0, out, 1));
                    c = w;
                    hw = out;
                }
            }
            all.add(new Op("batchnorm", c, c, 0, 0, hw, 1));
            all.add(new Op("relu", c, c, 0, 0, hw, 1));
        } else {
            throw new IllegalArgumentException("unknown workload '" + workload + "', expected resnet18-<width>, cnn or cnn-fmnist");
        }
        List<Op> order = new ArrayList<>();
        boolean first = true;
        for (Op o : all) {
            // the network's first layer computes no input gradient: kept apart from same-shaped layers
            String key = (first ? "first " : "") + o.key();
            first = false;
            Op seen = ops.get(key);
            if (seen == null) {
                ops.put(key, o);
                order.add(o);
            } else {
                Op merged = new Op(o.kind, o.cin, o.cout, o.kernel, o.stride, o.hw, seen.count + 1);
                ops.put(key, merged);
                order.set(order.indexOf(seen), merged);
            }
        }
        return order;
    }

    private static Layer layer(Op o) {
        return switch (o.kind) {
            case "conv", "convb" -> new Conv2d(o.cout, o.kernel, o.stride, true, o.kind.equals("convb"));
            case "batchnorm" -> new BatchNorm();
            case "relu" -> new Relu();
            case "maxpool" -> Pool2d.max(o.kernel, o.stride);
            default -> throw new IllegalArgumentException(o.kind);
        };
    }

    /** Wall clock instead of the calling thread's CPU time. */
    private static boolean wall;

    private static long cpu() {
        return wall ? System.nanoTime() : THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Times every layer shape of a workload and prints one line per shape and a sum per layer type.
     *
     * @param workload see {@link #ops}
     * @param batch batch size
     * @param minSeconds CPU seconds per shape (at least 5 repetitions)
     * @param out destination
     */
    public static void profile(String workload, int batch, double minSeconds, PrintStream out) {
        List<Op> ops = ops(workload);
        Map<String, double[]> perKind = new TreeMap<>();
        out.printf(Locale.ROOT, "op profile java %s batch %d (%s ms per call; x count)%n", workload, batch,
                wall ? "wall" : "thread CPU");
        boolean first = true;
        for (Op o : ops) {
            long[] in = {o.hw, o.hw, o.cin};
            double[] t = o.kind.equals("add") ? timeAdd(in, batch, minSeconds) : time(o, in, batch, minSeconds, first);
            first = false;
            String kind = o.kind.startsWith("conv") ? (o.kernel == 1 ? "conv1x1" : o.stride == 1 ? "conv3x3 s1" : "conv3x3 s2") : o.kind;
            double[] sum = perKind.computeIfAbsent(kind, k -> new double[3]);
            for (int i = 0; i < 3; i++) {
                sum[i] += t[i] * o.count;
            }
            out.printf(Locale.ROOT, "OP side=java workload=%s op=\"%s\" count=%d fwd=%.3f bwd_noinput=%.3f bwd=%.3f%n",
                    workload, o.key(), o.count, t[0], t[1], t[2]);
        }
        double total = 0;
        for (Map.Entry<String, double[]> e : perKind.entrySet()) {
            double[] s = e.getValue();
            out.printf(Locale.ROOT, "KIND side=java workload=%s kind=\"%s\" fwd=%.2f bwd_noinput=%.2f bwd=%.2f%n",
                    workload, e.getKey(), s[0], s[1], s[2]);
            total += s[0] + s[2];
        }
        out.printf(Locale.ROOT, "TOTAL side=java workload=%s ms=%.1f%n", workload, total);
    }

    /** @return ms per call of forward, backward without input gradient, backward with it */
    private static double[] time(Op o, long[] in, int batch, double minSeconds, boolean firstLayer) {
        try (Sequential net = Sequential.of(in, List.of(layer(o)), 7, batch, DataType.FLOAT)) {
            Layer l = net.layers().get(0);
            Nd4j.getRandom().setSeed(11);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, in[0], in[1], in[2]).subi(0.5);
            INDArray x0 = x.dup();
            long[] os = net.outputShape();
            INDArray g0 = Nd4j.rand(DataType.FLOAT, batch, os[0], os[1], os[2]).subi(0.5);
            INDArray g = g0.dup();
            double[] ms = new double[3];
            long[] n = new long[3];
            for (int phase = 1; phase <= 2; phase++) {
                boolean inputGrad = phase == 2;
                if (inputGrad && firstLayer) {
                    break;
                }
                long spent = 0;
                int reps = 0;
                for (int it = -3; reps < 5 || spent < minSeconds * 1e9; it++) {
                    x.assign(x0);
                    long a = cpu();
                    l.forward(x, true);
                    long b = cpu();
                    g.assign(g0);
                    long c = cpu();
                    l.backward(g, inputGrad);
                    long d = cpu();
                    if (it >= 0) {
                        ms[0] += (b - a) / 1e6;
                        n[0]++;
                        ms[phase] += (d - c) / 1e6;
                        reps++;
                        spent += d - a;
                    }
                }
                n[phase] = reps;
            }
            ms[0] /= n[0];
            ms[1] /= n[1];
            ms[2] = firstLayer ? ms[1] : ms[2] / n[2];
            x.close();
            x0.close();
            g.close();
            g0.close();
            return ms;
        }
    }

    /** The residual sum (forward {@code h += s}; its backward pass adds the gradient into the shortcut's). */
    private static double[] timeAdd(long[] in, int batch, double minSeconds) {
        INDArray h = Nd4j.rand(DataType.FLOAT, batch, in[0], in[1], in[2]);
        INDArray s = Nd4j.rand(DataType.FLOAT, batch, in[0], in[1], in[2]);
        long spent = 0;
        int reps = 0;
        for (int it = -3; reps < 5 || spent < minSeconds * 1e9; it++) {
            long a = cpu();
            h.addi(s);
            long b = cpu();
            if (it >= 0) {
                spent += b - a;
                reps++;
            }
        }
        double ms = spent / 1e6 / reps;
        h.close();
        s.close();
        return new double[] {ms, ms, ms};
    }

    /**
     * @param args workloads (default {@code resnet18-16 cnn}); {@code --seconds s} seconds per shape; {@code --threads n}
     *     native threads (default 1); {@code --clock wall} wall time instead of thread CPU time; {@code --batch b}
     *     batch size (default 128)
     */
    public static void main(String[] args) {
        List<String> workloads = new ArrayList<>();
        double seconds = 0.5;
        int threads = 1;
        int batch = 128;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--clock")) {
                wall = args[++i].equals("wall");
            } else if (args[i].equals("--batch")) {
                batch = Integer.parseInt(args[++i]);
            } else {
                workloads.add(args[i]);
            }
        }
        if (workloads.isEmpty()) {
            workloads = List.of("resnet18-16", "cnn");
        }
        BenchWorkloads.setThreads(threads);
        for (String w : workloads) {
            profile(w, batch, seconds, System.out);
        }
    }
}
