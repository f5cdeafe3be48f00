package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fused SGD and Adam passes ({@link OptimizerKernels#sgd}, {@link OptimizerKernels#adam}) against their
 * definitions written out element by element in scalar Java (one {@link Math#fma} per multiply-add, in the rule's
 * order), bitwise, for plain, heavy-ball and Nesterov SGD and for Adam, with and without weight decay, at one and two
 * threads, over several steps, on vectors long enough to be split in two and on short and offset (view) vectors;
 * SGD also against the unfused native calls it replaces (libnd4j's {@code Axpy}, BLAS {@code saxpy}; Adam's are
 * compared in bootstrap-core's {@code OptimizersTest}).
 */
@ExtendWith(ParallelSplitOn.class)
class OptimizerKernelsTest {
    /** 33 chunks: split in two at two threads, plus a tail shorter than a SIMD vector. */
    private static final int LONG = 33 * Kernels.CHUNK - 5;

    @Test
    void theTestJvmHasTheVectorModule() {
        assertThat(OptimizerKernels.available()).as("the test JVMs get --add-modules jdk.incubator.vector").isTrue();
    }

    @ParameterizedTest(name = "momentum {0}, nesterov {1}, weight decay {2}")
    @CsvSource({"0, false, 0", "0, false, 0.0005", "0.9, false, 0", "0.9, false, 0.0005", "0.9, true, 0",
        "0.9, true, 0.0005"})
    void fusedPassIsTheDefinitionBitwiseAtOneAndTwoThreads(float momentum, boolean nesterov, float weightDecay) {
        atOneAndTwoThreads((n, offset, where) -> {
            Vectors v = new Vectors(n, offset, 11);
            float[] w = v.w.toFloatVector();
            float[] b = v.b.toFloatVector();
            for (int step = 0; step < 3; step++) {
                float[] g = v.nextGradient(step).toFloatVector();
                definition(w, g, b, 0.05f, momentum, nesterov, weightDecay);
                assertThat(OptimizerKernels.sgd(v.w, v.g, v.b, 0.05f, momentum, nesterov, weightDecay)).isTrue();
                assertThat(v.g.toFloatVector()).as("the gradient is only read").isEqualTo(g);
            }
            assertBitwise(v.w.toFloatVector(), w, "weights" + where);
            assertBitwise(v.b.toFloatVector(), momentum == 0 ? new float[n] : b, "momentum buffer" + where);
            return w;
        });
    }

    @ParameterizedTest(name = "weight decay {0}, betas {1} {2}, epsilon {3}")
    @CsvSource({"0, 0.9, 0.999, 1e-8", "0.01, 0.9, 0.999, 1e-8", "0.02, 0.8, 0.99, 1e-3"})
    void fusedAdamIsTheDefinitionBitwiseAtOneAndTwoThreads(double weightDecay, double beta1, double beta2, double eps) {
        atOneAndTwoThreads((n, offset, where) -> {
            Vectors v = new Vectors(n, offset, 13);
            INDArray second = new Vectors(n, offset, 0).b;
            float[] w = v.w.toFloatVector();
            float[] m = new float[n];
            float[] s = new float[n];
            for (int step = 1; step <= 4; step++) {
                float[] g = v.nextGradient(step).toFloatVector();
                double lr = 0.001 * step;
                adamDefinition(w, g, m, s, lr, beta1, beta2, eps, weightDecay, step);
                assertThat(OptimizerKernels.adam(v.w, v.g, v.b, second, lr, beta1, beta2, eps, weightDecay, step))
                        .isTrue();
                assertThat(v.g.toFloatVector()).as("the gradient is only read").isEqualTo(g);
            }
            assertBitwise(v.w.toFloatVector(), w, "weights" + where);
            assertBitwise(v.b.toFloatVector(), m, "first moment" + where);
            assertBitwise(second.toFloatVector(), s, "second moment" + where);
            return w;
        });
    }

    /** One case of a kernel test: checks the kernel at a length, offset and thread count, returns the weights. */
    private interface Case {
        float[] run(int n, int offset, String where);
    }

    /**
     * Runs {@code c} on a vector split in two at two threads ({@link #LONG}) and a short one, each at offsets 0 and 3,
     * at one and at two threads, and checks that the weights are bitwise the same at both thread counts.
     */
    private static void atOneAndTwoThreads(Case c) {
        for (int n : new int[] {LONG, 37}) {
            for (int offset : new int[] {0, 3}) {
                float[] one = null;
                for (int threads : new int[] {1, 2}) {
                    Nd4jRuntime.setThreads(threads);
                    float[] w = c.run(n, offset, ", n " + n + " offset " + offset + " threads " + threads);
                    if (one == null) {
                        one = w;
                    } else {
                        assertBitwise(w, one, "two threads against one, n " + n + " offset " + offset);
                    }
                }
            }
        }
    }

    /**
     * libnd4j's {@code Axpy} (its AVX2 build) computes {@code fma(buf, mu, g)}: the same bits as the fused pass;
     * BLAS {@code saxpy} does in its SIMD body, but the OpenBLAS build may round the last elements of each thread's
     * part twice (ND4J's bundled 0.3.19 does; Debian's 0.3.21, which the launcher preloads, does not), so the
     * weights agree to within one rounding of the product.
     */
    @ParameterizedTest(name = "nesterov {0}")
    @CsvSource({"false", "true"})
    void fusedPassIsTheUnfusedNativeCalls(boolean nesterov) {
        Nd4jRuntime.setThreads(2);
        Vectors fused = new Vectors(LONG, 0, 5);
        Vectors unfused = new Vectors(LONG, 0, 5);
        for (int step = 0; step < 3; step++) {
            fused.nextGradient(step);
            unfused.nextGradient(step);
            float[] w = fused.w.toFloatVector();
            OptimizerKernels.sgd(fused.w, fused.g, fused.b, 0.05f, 0.9f, nesterov, 0);
            Nd4j.exec(new Axpy(unfused.b, unfused.g, unfused.b, 0.9));
            assertBitwise(fused.b.toFloatVector(), unfused.b.toFloatVector(), "momentum buffer, step " + step);
            INDArray direction = unfused.b;
            if (nesterov) {
                Nd4j.exec(new Axpy(unfused.b, unfused.g, unfused.g, 0.9));
                direction = unfused.g;
            }
            float[] d = direction.toFloatVector();
            Nd4j.getBlasWrapper().level1().axpy(LONG, -0.05f, direction, unfused.w);
            float[] actual = fused.w.toFloatVector();
            float[] blas = unfused.w.toFloatVector();
            for (int i = 0; i < LONG; i++) {
                float twoRoundings = w[i] + -0.05f * d[i];
                assertThat(blas[i] == actual[i] || blas[i] == twoRoundings).as("weight %d, step %d", i, step).isTrue();
            }
            unfused.w.assign(fused.w);
        }
    }

    @Test
    void supportsOnlyContiguousFloatVectorsOfOneLength() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 100);
        assertThat(OptimizerKernels.supports(a, Nd4j.rand(DataType.FLOAT, 100))).isTrue();
        assertThat(OptimizerKernels.supports(a, Nd4j.rand(DataType.FLOAT, 99))).isFalse();
        assertThat(OptimizerKernels.supports(a, Nd4j.rand(DataType.DOUBLE, 100))).isFalse();
        INDArray column = Nd4j.rand(DataType.FLOAT, 100, 2).getColumn(0);
        assertThat(OptimizerKernels.supports(a, column)).isFalse();
    }

    /** A kernel given arrays it does not support declines (returns false) and leaves every array as it was. */
    @Test
    void unsupportedArraysAreDeclinedUntouched() {
        Nd4j.getRandom().setSeed(2);
        INDArray w = Nd4j.rand(DataType.FLOAT, 100);
        INDArray column = Nd4j.rand(DataType.FLOAT, 100, 2).getColumn(0);
        INDArray buffer = Nd4j.rand(DataType.FLOAT, 100);
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 100);
        INDArray[] before = {w.dup(), column.dup(), buffer.dup(), doubles.dup()};
        assertThat(OptimizerKernels.sgd(w, column, buffer, 0.1f, 0.9f, true, 0)).as("strided gradient").isFalse();
        assertThat(OptimizerKernels.sgd(w, Nd4j.rand(DataType.FLOAT, 100), column, 0.1f, 0.9f, false, 0))
                .as("strided momentum buffer").isFalse();
        assertThat(OptimizerKernels.sgd(doubles, doubles.dup(), null, 0.1f, 0, false, 0)).as("DOUBLE").isFalse();
        assertThat(OptimizerKernels.adam(w, Nd4j.rand(DataType.FLOAT, 100), buffer, column, 0.1, 0.9, 0.999, 1e-8, 0, 1))
                .as("Adam, strided second moment").isFalse();
        assertThat(w.toFloatVector()).isEqualTo(before[0].toFloatVector());
        assertThat(column.toFloatVector()).isEqualTo(before[1].toFloatVector());
        assertThat(buffer.toFloatVector()).isEqualTo(before[2].toFloatVector());
        assertThat(doubles.toDoubleVector()).isEqualTo(before[3].toDoubleVector());
        // without momentum the buffer is not looked at: a supported pair runs
        assertThat(OptimizerKernels.sgd(w, Nd4j.ones(DataType.FLOAT, 100), column, 0.5f, 0, false, 0)).isTrue();
        assertThat(w.toFloatVector()).isEqualTo(before[0].sub(0.5f).toFloatVector());
    }

    /** The rule one element at a time, as {@link OptimizerKernels#sgd} documents it. */
    private static void definition(float[] w, float[] g, float[] b, float lr, float mu, boolean nesterov, float wd) {
        for (int i = 0; i < w.length; i++) {
            float d = wd != 0 ? Math.fma(wd, w[i], g[i]) : g[i];
            if (mu != 0) {
                b[i] = Math.fma(b[i], mu, d);
                d = nesterov ? Math.fma(b[i], mu, d) : b[i];
            }
            w[i] = Math.fma(-lr, d, w[i]);
        }
    }

    /**
     * Adam one element at a time, as {@link OptimizerKernels#adam} documents it: scalars computed in double and
     * rounded to float once, one {@code fma} per multiply-add, one rounding per other operation.
     */
    private static void adamDefinition(float[] w, float[] g, float[] m, float[] v, double lr, double beta1,
            double beta2, double eps, double wd, int step) {
        float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (-lr / (1 - Math.pow(beta1, step)));
        for (int i = 0; i < w.length; i++) {
            float d = wd != 0 ? Math.fma((float) wd, w[i], g[i]) : g[i];
            m[i] = Math.fma((float) (1 - beta1), d, m[i] * (float) beta1);
            v[i] = Math.fma((float) (1 - beta2), d * d, v[i] * (float) beta2);
            float denom = (float) Math.sqrt(v[i]) / sqrtCorrection2 + (float) eps;
            w[i] = Math.fma(stepSize, m[i] / denom, w[i]);
        }
    }

    private static void assertBitwise(float[] actual, float[] expected, String what) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** Weights, gradient and momentum buffer as views at an offset into larger arrays. */
    private static final class Vectors {
        final INDArray w;
        final INDArray g;
        final INDArray b;
        private final int n;
        private final int offset;
        private final long seed;

        Vectors(int n, int offset, long seed) {
            this.n = n;
            this.offset = offset;
            this.seed = seed;
            Nd4j.getRandom().setSeed(seed);
            w = view(Nd4j.rand(DataType.FLOAT, n + offset).subi(0.5));
            g = view(Nd4j.zeros(DataType.FLOAT, n + offset));
            b = view(Nd4j.zeros(DataType.FLOAT, n + offset));
        }

        private INDArray view(INDArray a) {
            return offset == 0 ? a : a.get(NDArrayIndex.interval(offset, offset + n));
        }

        /** Fills the gradient with this step's values (the same for equal seeds and steps). */
        INDArray nextGradient(int step) {
            Nd4j.getRandom().setSeed(seed * 31 + step);
            g.assign(Nd4j.randn(DataType.FLOAT, n).muli(0.1));
            return g;
        }
    }
}
