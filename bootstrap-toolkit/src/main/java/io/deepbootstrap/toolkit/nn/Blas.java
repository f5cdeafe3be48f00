package io.deepbootstrap.toolkit.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products {@code c = alpha * op(a) * op(b) + beta * c} for the layers. On the CPU backend, operands whose
 * rows (or columns) are contiguous go straight to OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm} in row-major
 * order, on the arrays' own memory; anything else (other layouts, other data types, the CUDA backend) goes through
 * {@link Nd4j#gemm}. libnd4j's {@code mmul} (behind {@code Nd4j.gemm}) computes column-major and copies a
 * row-major output into a temporary and back: measured with one thread (CPU clock, load 15-20), a forward dense
 * product {@code [128, 3072] x [3072, 512]} ran at 44-52 GFLOP/s through it and at 63-66 GFLOP/s directly,
 * {@code [128, 512] x [512, 10]} at 6-11 against 26-28 GFLOP/s. Both compute the same BLAS call, so results do not
 * depend on the path beyond BLAS's own (deterministic) blocking.
 */
public final class Blas {
    private static final boolean CPU = cpuBackend();

    private Blas() {
    }

    private static boolean cpuBackend() {
        try {
            return Nd4j.getBackend().getClass().getName().contains("Cpu")
                    && Class.forName("org.bytedeco.openblas.global.openblas_nolapack") != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, like {@link Nd4j#gemm(INDArray, INDArray, INDArray, boolean,
     * boolean, double, double)}.
     *
     * @param a left matrix
     * @param b right matrix
     * @param c output matrix, {@code [rows of op(a), columns of op(b)]}
     * @param transposeA whether {@code op(a)} is {@code a}'s transpose
     * @param transposeB whether {@code op(b)} is {@code b}'s transpose
     * @param alpha factor of the product
     * @param beta factor of {@code c}'s previous content (0: overwritten)
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
            double alpha, double beta) {
        DataType t = c.dataType();
        if (!CPU || a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.dataType() != t || b.dataType() != t
                || (t != DataType.FLOAT && t != DataType.DOUBLE) || layout(c) != ROW) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
            return;
        }
        int la = layout(a);
        int lb = layout(b);
        long m = c.size(0);
        long n = c.size(1);
        long k = transposeA ? a.size(0) : a.size(1);
        if (la == OTHER || lb == OTHER || (transposeA ? a.size(1) : a.size(0)) != m
                || (transposeB ? b.size(0) : b.size(1)) != n || (transposeB ? b.size(1) : b.size(0)) != k
                || Math.max(Math.max(m, n), k) > Integer.MAX_VALUE / 2) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
            return;
        }
        if (m == 0 || n == 0) {
            return;
        }
        // a column-major operand is the row-major storage of its transpose
        int ta = (transposeA ^ la == COLUMN) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = (transposeB ^ lb == COLUMN) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int o = openblas_nolapack.CblasRowMajor;
        if (t == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(o, ta, tb, (int) m, (int) n, (int) k, (float) alpha, floats(a), ld(a, la),
                    floats(b), ld(b, lb), (float) beta, floats(c), ld(c, ROW));
        } else {
            openblas_nolapack.cblas_dgemm(o, ta, tb, (int) m, (int) n, (int) k, alpha, doubles(a), ld(a, la),
                    doubles(b), ld(b, lb), beta, doubles(c), ld(c, ROW));
        }
    }

    /**
     * Column sums {@code out = alpha * onesᵀ x} of a matrix, i.e. per-channel sums of activations viewed as {@code [rows,
     * channels]}. On the CPU backend a row-major {@code x} goes to OpenBLAS's {@code gemv} (3-4x faster than a gemm
     * with one output row, which OpenBLAS does not specialise); anything else to {@link #gemm} with a row of ones.
     *
     * @param x matrix {@code [rows, columns]}
     * @param out destination {@code [1, columns]} (or {@code [columns]}), overwritten
     * @param alpha factor of the sums (e.g. {@code 1 / rows} for means)
     */
    public static void columnSums(INDArray x, INDArray out, double alpha) {
        DataType t = x.dataType();
        long rows = x.size(0);
        long cols = x.size(1);
        INDArray ones = Scratch.ones(t, rows);
        boolean contiguousOut = out.length() == cols && (out.rank() == 1 || out.size(0) == 1)
                && (cols == 1 || out.stride(out.rank() - 1) == 1);
        if (!CPU || x.rank() != 2 || out.dataType() != t || (t != DataType.FLOAT && t != DataType.DOUBLE)
                || layout(x) != ROW || !contiguousOut || Math.max(rows, cols) > Integer.MAX_VALUE / 2) {
            gemm(ones, x, out.reshape('c', 1, cols), false, false, alpha, 0.0);
            return;
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        // row-major x [rows, cols], transposed: y[cols] = alpha * xᵀ ones[rows]
        int o = openblas_nolapack.CblasRowMajor;
        int tr = openblas_nolapack.CblasTrans;
        if (t == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemv(o, tr, (int) rows, (int) cols, (float) alpha, floats(x), ld(x, ROW), floats(ones),
                    1, 0f, floats(out), 1);
        } else {
            openblas_nolapack.cblas_dgemv(o, tr, (int) rows, (int) cols, alpha, doubles(x), ld(x, ROW), doubles(ones), 1,
                    0.0, doubles(out), 1);
        }
    }

    private static final int ROW = 0;
    private static final int COLUMN = 1;
    private static final int OTHER = 2;

    /** @return ROW when rows are contiguous (unit column stride), COLUMN when columns are, else OTHER */
    private static int layout(INDArray x) {
        long rows = x.size(0);
        long cols = x.size(1);
        long s0 = x.stride(0);
        long s1 = x.stride(1);
        if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols) && s0 <= Integer.MAX_VALUE) {
            return ROW;
        }
        if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows) && s1 <= Integer.MAX_VALUE) {
            return COLUMN;
        }
        return OTHER;
    }

    /** @return the leading dimension of {@code x} in the given layout (at least its row/column length, as BLAS checks) */
    private static int ld(INDArray x, int layout) {
        long rows = x.size(0);
        long cols = x.size(1);
        if (layout == ROW) {
            return (int) Math.max(Math.max(cols, 1), rows == 1 ? 1 : x.stride(0));
        }
        return (int) Math.max(Math.max(rows, 1), cols == 1 ? 1 : x.stride(1));
    }

    /** @return the element position of {@code x}'s first element relative to its buffer's address pointer */
    private static long position(INDArray x) {
        // a view's buffer is itself a view starting at the view's offset (its address pointer points there)
        return x.offset() - x.data().offset();
    }

    private static Pointer base(INDArray x) {
        return x.data().addressPointer();
    }

    private static FloatPointer floats(INDArray x) {
        return new FloatPointer(base(x)).position(position(x));
    }

    private static DoublePointer doubles(INDArray x) {
        return new DoublePointer(base(x)).position(position(x));
    }
}
