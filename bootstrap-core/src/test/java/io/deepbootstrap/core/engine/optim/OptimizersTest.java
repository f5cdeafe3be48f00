package io.deepbootstrap.core.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.api.model.Parameters;
import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import io.deepbootstrap.toolkit.nn.OptimizerKernels;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimizers against PyTorch's update rules written out by hand in double precision (torch.optim.SGD with
 * dampening 0, torch.optim.Adam of PyTorch 1.13), over several steps with a changing learning rate and fresh
 * gradients; and their state export/restore.
 */
class OptimizersTest {
    private static final int N = 7;
    private static final double[] RATES = {0.1, 0.05, 0.2, 0.01, 0.3};

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("plain sgd", OptimizerSpec.sgd(0)),
                Arguments.of("plain sgd, weight decay", OptimizerSpec.sgd(0).withWeightDecay(0.01)),
                Arguments.of("heavy-ball", OptimizerSpec.sgd(0.9)),
                Arguments.of("heavy-ball, weight decay", OptimizerSpec.sgd(0.5).withWeightDecay(0.1)),
                Arguments.of("nesterov", new OptimizerSpec(OptimizerSpec.Type.SGD, 0.9, true, 0, 0.9, 0.999, 1e-8)),
                Arguments.of("nesterov, weight decay", new OptimizerSpec(OptimizerSpec.Type.SGD, 0.7, true, 0.05, 0.9, 0.999, 1e-8)),
                Arguments.of("adam", OptimizerSpec.adam()),
                Arguments.of("adam, weight decay, other betas", new OptimizerSpec(OptimizerSpec.Type.ADAM, 0, false, 0.02, 0.8, 0.99, 1e-3)));
    }

    static Stream<Arguments> sgdSpecs() {
        return specs().filter(a -> ((OptimizerSpec) a.get()[1]).type() == OptimizerSpec.Type.SGD);
    }

    /** The parameter vector split into two views, as a network's would be. */
    private static Parameters parameters(double[] w) {
        Parameters p = Parameters.builder(DataType.DOUBLE).add("a", 2, 2).add("b", 3).build();
        p.values().assign(Nd4j.createFromArray(w).reshape(1, N));
        return p;
    }

    private static double[][] gradients(long seed, int steps) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] g = new double[steps][N];
        for (double[] row : g) {
            for (int i = 0; i < N; i++) {
                row[i] = r.nextDouble(-1, 1);
            }
        }
        return g;
    }

    private static double[] initial() {
        double[] w = new double[N];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < N; i++) {
            w[i] = r.nextDouble(-2, 2);
        }
        return w;
    }

    /** PyTorch's rules, element by element, in double precision. */
    private static double[] reference(OptimizerSpec s, double[] w0, double[][] grads) {
        double[] w = w0.clone();
        double[] buf = new double[N];
        double[] m = new double[N];
        double[] v = new double[N];
        for (int t = 1; t <= grads.length; t++) {
            double lr = RATES[t - 1];
            for (int i = 0; i < N; i++) {
                double g = grads[t - 1][i] + s.weightDecay() * w[i];
                if (s.type() == OptimizerSpec.Type.SGD) {
                    if (s.momentum() > 0) {
                        buf[i] = t == 1 ? g : s.momentum() * buf[i] + g;   // torch: buf = clone(g) on the first step
                        g = s.nesterov() ? g + s.momentum() * buf[i] : buf[i];
                    }
                    w[i] -= lr * g;
                } else {
                    m[i] = m[i] * s.beta1() + (1 - s.beta1()) * g;
                    v[i] = v[i] * s.beta2() + (1 - s.beta2()) * g * g;
                    double bc1 = 1 - Math.pow(s.beta1(), t);
                    double bc2 = 1 - Math.pow(s.beta2(), t);
                    double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + s.epsilon();
                    w[i] -= lr / bc1 * m[i] / denom;
                }
            }
        }
        return w;
    }

    private static void run(Optimizer o, Parameters p, double[][] grads, int from, int to) {
        for (int t = from; t < to; t++) {
            p.gradients().assign(Nd4j.createFromArray(grads[t]).reshape(1, N));
            o.step(RATES[t]);
        }
    }

    /** On DOUBLE parameters the fused kernels decline, so this covers the optimizers' native calls (their fallback). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void updatesFollowPyTorchsRulesOverSeveralSteps(String name, OptimizerSpec spec) {
        double[][] grads = gradients(11, RATES.length);
        Parameters p = parameters(initial());
        assertThat(OptimizerKernels.supports(p.values(), p.gradients())).as("the fallback is tested here").isFalse();
        Optimizer o = Optimizers.create(spec, p);
        run(o, p, grads, 0, RATES.length);
        double[] expected = reference(spec, initial(), grads);
        double[] actual = p.values().toDoubleVector();
        for (int i = 0; i < N; i++) {
            assertThat(actual[i]).as("%s, w[%d]", name, i).isCloseTo(expected[i], within(1e-12));
        }
        assertThat(o.steps()).isEqualTo(RATES.length);
        // the update really moved every weight (a no-op optimizer would fail here)
        double[] start = initial();
        for (int i = 0; i < N; i++) {
            assertThat(actual[i]).as("%s, w[%d] moved", name, i).isNotEqualTo(start[i]);
        }
    }

    @Test
    void firstStepsByHand() {
        // w = 1, g = 0.5 every step, lr 0.1, momentum 0.9
        Parameters p = Parameters.builder(DataType.DOUBLE).add("w", 1).build();
        p.values().assign(1.0);
        Optimizer heavyBall = Optimizers.create(OptimizerSpec.sgd(0.9), p);
        p.gradients().assign(0.5);
        heavyBall.step(0.1);       // buf = 0.5, w = 1 - 0.05
        assertThat(p.values().getDouble(0)).isCloseTo(0.95, within(1e-15));
        p.gradients().assign(0.5);
        heavyBall.step(0.1);       // buf = 0.45 + 0.5 = 0.95, w = 0.95 - 0.095
        assertThat(p.values().getDouble(0)).isCloseTo(0.855, within(1e-15));

        p.values().assign(1.0);
        Optimizer nesterov = Optimizers.create(new OptimizerSpec(OptimizerSpec.Type.SGD, 0.9, true, 0, 0.9, 0.999, 1e-8), p);
        p.gradients().assign(0.5);
        nesterov.step(0.1);        // buf = 0.5, g = 0.5 + 0.45 = 0.95, w = 1 - 0.095
        assertThat(p.values().getDouble(0)).isCloseTo(0.905, within(1e-15));

        p.values().assign(1.0);
        Optimizer adam = Optimizers.create(OptimizerSpec.adam(), p);
        p.gradients().assign(0.5);
        adam.step(0.1);            // m_hat = 0.5, v_hat = 0.25: w = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
        assertThat(p.values().getDouble(0)).isCloseTo(1 - 0.1 * 0.5 / (0.5 + 1e-8), within(1e-15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void exportedStateContinuesBitForBit(String name, OptimizerSpec spec) {
        double[][] grads = gradients(5, RATES.length);
        Parameters a = parameters(initial());
        Optimizer first = Optimizers.create(spec, a);
        run(first, a, grads, 0, 2);
        OptimizerState saved = first.exportState();
        double[] weightsAtTwo = a.values().toDoubleVector();
        run(first, a, grads, 2, RATES.length);

        Parameters b = parameters(weightsAtTwo);
        Optimizer resumed = Optimizers.create(spec, b);
        resumed.restoreState(saved);
        assertThat(resumed.steps()).isEqualTo(2);
        run(resumed, b, grads, 2, RATES.length);
        assertThat(b.values().toDoubleVector()).isEqualTo(a.values().toDoubleVector());

        // without the state the continuation differs (except plain SGD, which has none)
        Parameters c = parameters(weightsAtTwo);
        Optimizer fresh = Optimizers.create(spec, c);
        run(fresh, c, grads, 2, RATES.length);
        if (!saved.arrays().isEmpty()) {
            assertThat(c.values().toDoubleVector()).isNotEqualTo(a.values().toDoubleVector());
        }
    }

    @Test
    void exportedStateIsACopyInFloat32Too() {
        Parameters p = Parameters.builder(DataType.FLOAT).add("w", 3).build();
        Optimizer o = Optimizers.create(OptimizerSpec.sgd(0.9), p);
        p.gradients().assign(1);
        o.step(0.1);
        OptimizerState s = o.exportState();
        assertThat(s.kind()).isEqualTo("sgd-momentum");
        assertThat(s.arrays().get("momentum").toFloatVector()).containsExactly(1f, 1f, 1f);
        p.gradients().assign(1);
        o.step(0.1);
        assertThat(s.arrays().get("momentum").toFloatVector()).as("export is detached").containsExactly(1f, 1f, 1f);
    }

    @Test
    void restoreRefusesAnotherKindOrLength() {
        Parameters p = parameters(initial());
        OptimizerState momentum = Optimizers.create(OptimizerSpec.sgd(0.9), p).exportState();
        assertThatThrownBy(() -> Optimizers.create(OptimizerSpec.adam(), p).restoreState(momentum))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer state of kind 'sgd-momentum' cannot be restored into a 'adam' optimizer");
        Parameters shorter = Parameters.builder(DataType.DOUBLE).add("w", 3).build();
        assertThatThrownBy(() -> Optimizers.create(OptimizerSpec.sgd(0.9), shorter).restoreState(momentum))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer state 'momentum' has 7 values but the parameters have 3");
    }

    /**
     * FLOAT parameters take the fused pass ({@link OptimizerKernels#sgd}): it follows PyTorch's rules to float
     * precision, agrees with the unfused native calls to within a few float roundings, and gives bitwise the same
     * weights and momentum at one and two threads on a vector long enough to be split.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sgdSpecs")
    void floatSgdTakesTheFusedPassSameBitsAtOneAndTwoThreads(String name, OptimizerSpec spec) {
        assertThat(OptimizerKernels.available()).as("the test JVMs get --add-modules jdk.incubator.vector").isTrue();
        int n = 40 * 4096 + 3;
        float[][] results = new float[3][];
        try {
            for (int run = 0; run < 3; run++) {
                Nd4jRuntime.setThreads(run == 1 ? 2 : 1);
                Parameters p = Parameters.builder(DataType.FLOAT).add("a", n - 3).add("b", 3).build();
                Nd4j.getRandom().setSeed(7);
                p.values().assign(Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5));
                Optimizer o = run < 2 ? Optimizers.create(spec, p)
                        : new SgdOptimizer(p, spec.momentum(), spec.nesterov(), spec.weightDecay(), false);
                for (int t = 0; t < RATES.length; t++) {
                    Nd4j.getRandom().setSeed(100 + t);
                    p.gradients().assign(Nd4j.randn(DataType.FLOAT, 1, n));
                    o.step(RATES[t]);
                }
                results[run] = p.values().toFloatVector();
                if (run < 2 && spec.momentum() > 0) {
                    float[] momentum = o.exportState().arrays().get("momentum").toFloatVector();
                    results[run] = concat(results[run], momentum);
                }
            }
        } finally {
            Nd4jRuntime.setThreads(1);
        }
        assertThat(results[1]).as("%s: two threads against one", name).isEqualTo(results[0]);
        for (int i = 0; i < n; i++) {
            assertThat(results[0][i]).as("%s: fused against unfused, w[%d]", name, i)
                    .isCloseTo(results[2][i], within(1e-6f + 1e-6f * Math.abs(results[2][i])));
        }
        // and PyTorch's rules, in double precision, on the first seven weights
        Nd4j.getRandom().setSeed(7);
        double[] start = Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5).toDoubleVector();
        double[][] grads = new double[RATES.length][];
        for (int t = 0; t < RATES.length; t++) {
            Nd4j.getRandom().setSeed(100 + t);
            grads[t] = java.util.Arrays.copyOf(Nd4j.randn(DataType.FLOAT, 1, n).toDoubleVector(), N);
        }
        double[] expected = reference(spec, java.util.Arrays.copyOf(start, N), grads);
        for (int i = 0; i < N; i++) {
            assertThat((double) results[0][i]).as("%s: PyTorch's rule, w[%d]", name, i).isCloseTo(expected[i], within(1e-5));
            assertThat((double) results[0][i]).as("%s: w[%d] moved", name, i).isNotEqualTo(start[i]);
        }
    }

    static Stream<Arguments> adamSpecs() {
        return specs().filter(a -> ((OptimizerSpec) a.get()[1]).type() == OptimizerSpec.Type.ADAM);
    }

    /**
     * FLOAT parameters take the fused Adam pass ({@link OptimizerKernels#adam}): the same bits as the native calls it
     * replaces (the optimizer constructed with {@code fused = false}), weights and both moments, at one and two
     * threads, over several steps with a changing learning rate. Where BLAS {@code saxpy} splits the vector into parts
     * that are multiples of 32 (every element goes through its SIMD body, one {@code fma}), on every element; on
     * other lengths only where the BLAS rounds its scalar remainder once too (OpenBLAS 0.3.21, which the launcher
     * preloads, does; ND4J's bundled 0.3.19, which the test JVMs load, rounds the product and the sum separately
     * there, so at most the last 31 elements of each of its thread parts may then differ, within a few roundings).
     * And bitwise the same at one and two threads, whatever the length.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("adamSpecs")
    void floatAdamTakesTheFusedPassSameBitsAsTheNativeCalls(String name, OptimizerSpec spec) {
        boolean tailFused = blasRemainderIsOneFma();
        for (int n : new int[] {40 * 4096 + 64, 192, 40 * 4096 + 3, 1001, 7}) {
            boolean everyElement = tailFused || n % 64 == 0;
            try {
                float[][] fused = new float[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    Nd4jRuntime.setThreads(threads);
                    fused[threads - 1] = adamRun(spec, n, true);
                    float[] calls = adamRun(spec, n, false);
                    String what = name + ", n " + n + ", threads " + threads + ": fused against the native calls";
                    int differ = 0;
                    for (int i = 0; i < calls.length; i++) {
                        if (Float.floatToRawIntBits(fused[threads - 1][i]) != Float.floatToRawIntBits(calls[i])) {
                            assertThat(everyElement).as("%s, element %d of %d", what, i, calls.length).isFalse();
                            assertThat(fused[threads - 1][i]).as(what).isCloseTo(calls[i],
                                    within(1e-5f * Math.abs(calls[i]) + 1e-30f));
                            differ++;
                        }
                    }
                    assertThat(differ).as("%s: elements that differ (3 vectors, 31 per BLAS part)", what)
                            .isLessThanOrEqualTo(3 * 2 * 31);
                }
                assertThat(fused[1]).as("%s, n %d: two threads against one", name, n).isEqualTo(fused[0]);
            } finally {
                Nd4jRuntime.setThreads(1);
            }
        }
    }

    /** @return whether this JVM's BLAS {@code saxpy} computes an element outside its SIMD body as one fma */
    private static boolean blasRemainderIsOneFma() {
        float a = 1 + 0x1p-12f;
        float x = 1 + 0x1p-12f;
        float y = -(a * x);      // a * x rounded: fma(a, x, y) is the rounding error 2^-24, two roundings 0
        var ys = Nd4j.createFromArray(y);
        Nd4j.getBlasWrapper().level1().axpy(1, a, Nd4j.createFromArray(x), ys);
        return ys.getFloat(0) == Math.fma(a, x, y);
    }

    /** @return the weights and both moments after a few Adam steps on FLOAT parameters of length n */
    private static float[] adamRun(OptimizerSpec spec, int n, boolean fused) {
        Parameters p = Parameters.builder(DataType.FLOAT).add("a", n - 1).add("b", 1).build();
        Nd4j.getRandom().setSeed(7);
        p.values().assign(Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5));
        Optimizer o = new AdamOptimizer(p, spec.beta1(), spec.beta2(), spec.epsilon(), spec.weightDecay(), fused);
        for (int t = 0; t < RATES.length; t++) {
            Nd4j.getRandom().setSeed(100 + t);
            p.gradients().assign(Nd4j.randn(DataType.FLOAT, 1, n).muli(t + 1));
            o.step(RATES[t] / 10);
        }
        OptimizerState s = o.exportState();
        return concat(concat(p.values().toFloatVector(), s.arrays().get("exp-avg").toFloatVector()),
                s.arrays().get("exp-avg-sq").toFloatVector());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
