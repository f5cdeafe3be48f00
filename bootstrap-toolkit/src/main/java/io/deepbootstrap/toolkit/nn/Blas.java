package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
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
        gemm(a, b, c, transposeA, transposeB, alpha, beta, false);
    }

    private static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
            double alpha, double beta, boolean split) {
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
        if (split && m * n * k >= SPLIT_PRODUCT && Nd4jRuntime.blasFollowsOmpThreadsHere()
                && splitGemm(t == DataType.FLOAT, ta, tb, (int) m, (int) n, (int) k, alpha, a, ld(a, la), b, ld(b, lb), beta, c)) {
            return;
        }
        if (m * n * k < SMALL_PRODUCT) {
            Nd4jRuntime.onOneOmpThreadHere(() -> product(t, o, ta, tb, m, n, k, alpha, a, la, b, lb, beta, c));
        } else {
            product(t, o, ta, tb, m, n, k, alpha, a, la, b, lb, beta, c);
        }
    }

    /** One BLAS call {@code c = alpha * op(a) * op(b) + beta * c} on the arrays' memory ({@code o}: row-major). */
    private static void product(DataType t, int o, int ta, int tb, long m, long n, long k, double alpha, INDArray a, int la,
            INDArray b, int lb, double beta, INDArray c) {
        if (t == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(o, ta, tb, (int) m, (int) n, (int) k, (float) alpha, floats(a), ld(a, la),
                    floats(b), ld(b, lb), (float) beta, floats(c), ld(c, ROW));
        } else {
            openblas_nolapack.cblas_dgemm(o, ta, tb, (int) m, (int) n, (int) k, alpha, doubles(a), ld(a, la),
                    doubles(b), ld(b, lb), beta, doubles(c), ld(c, ROW));
        }
    }

    /**
     * As {@link #gemm}, but a large product (at least {@link #SPLIT_PRODUCT} multiply-adds) is cut into
     * {@link #SPLIT_PIECES} pieces along the longer side of {@code c} (rows of {@code op(a)} or columns of
     * {@code op(b)}; widths rounded up to a multiple of {@link #SPLIT_ALIGN}, the last piece the remainder), each piece one
     * single-threaded BLAS call, and the pieces are claimed one at a time by the calling thread and {@link Parallel}'s
     * helpers (up to the native thread count). OpenBLAS's own OpenMP split of the same product wakes a sleeping
     * OpenMP thread ({@code OMP_WAIT_POLICY=PASSIVE}, the launcher's default) for every call; {@link Parallel}'s
     * helpers spin for a few microseconds between loops, so a layer's consecutive products find them awake, and a
     * helper that is not scheduled claims nothing (the caller computes its pieces). Measured on the MLP's products
     * (docs/PERFORMANCE.md, "MLP training at two threads (session 8)"): 7-21% faster per product at two threads, no
     * slower at one.
     *
     * <p>Only with an OpenBLAS whose calls follow the calling thread's OpenMP count
     * ({@link Nd4jRuntime#blasFollowsOmpThreadsHere}: the OpenMP build the launcher preloads); with the pthread build
     * bundled with ND4J this is {@link #gemm}. The pieces depend on the shape only, and each is computed by one single-threaded call whichever thread runs
     * it, so results are bitwise the same at every thread count and with every OpenBLAS kernel (OpenBLAS's own
     * threaded products are not: with its Haswell kernels a two-thread product differs from the one-thread product in
     * the last bits; with its SkylakeX kernels the split and unsplit products agree bitwise on the MLP's shapes).
     *
     * @param a left matrix
     * @param b right matrix
     * @param c output matrix, {@code [rows of op(a), columns of op(b)]}
     * @param transposeA whether {@code op(a)} is {@code a}'s transpose
     * @param transposeB whether {@code op(b)} is {@code b}'s transpose
     * @param alpha factor of the product
     * @param beta factor of {@code c}'s previous content (0: overwritten)
     */
    public static void gemmSplit(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
            double alpha, double beta) {
        gemm(a, b, c, transposeA, transposeB, alpha, beta, true);
    }

    /** Products of at least this many multiply-adds are split by {@link #gemmSplit} (the MLP's 512-to-512 layer: 2^25). */
    static final long SPLIT_PRODUCT = 1L << 22;
    /**
     * Pieces of a split product, whatever the thread count (so that results do not depend on it): two per thread at
     * two threads, so a helper preempted in the middle of a piece holds up at most a quarter of the product.
     */
    static final int SPLIT_PIECES = 4;
    /** Piece widths are multiples of this (whole register tiles of the SkylakeX and Haswell sgemm kernels). */
    static final int SPLIT_ALIGN = 32;

    /** @return false (nothing done) when the longer side is too short for two pieces */
    private static boolean splitGemm(boolean single, int ta, int tb, int m, int n, int k, double alpha, INDArray a, int lda,
            INDArray b, int ldb, double beta, INDArray c) {
        boolean rows = m >= n;
        int side = rows ? m : n;
        int width = ((side + SPLIT_PIECES - 1) / SPLIT_PIECES + SPLIT_ALIGN - 1) / SPLIT_ALIGN * SPLIT_ALIGN;
        int pieces = (side + width - 1) / width;
        if (pieces < 2) {
            return false;
        }
        int ldc = ld(c, ROW);
        long pa = position(a);
        long pb = position(b);
        long pc = position(c);
        // a piece of rows starts at row s of op(a) and of c; a piece of columns at column s of op(b) and of c
        long stepA = rows ? (ta == openblas_nolapack.CblasNoTrans ? lda : 1) : 0;
        long stepB = rows ? 0 : (tb == openblas_nolapack.CblasNoTrans ? 1 : ldb);
        long stepC = rows ? ldc : 1;
        Parallel.run(pieces, 1, (from, to, part) -> Nd4jRuntime.onOneOmpThreadHere(() -> {
            for (int p = from; p < to; p++) {
                int s = p * width;
                int len = Math.min(width, side - s);
                int pm = rows ? len : m;
                int pn = rows ? n : len;
                int o = openblas_nolapack.CblasRowMajor;
                if (single) {
                    FloatPointer fa = new FloatPointer(base(a)).position(pa + s * stepA);
                    FloatPointer fb = new FloatPointer(base(b)).position(pb + s * stepB);
                    FloatPointer fc = new FloatPointer(base(c)).position(pc + s * stepC);
                    openblas_nolapack.cblas_sgemm(o, ta, tb, pm, pn, k, (float) alpha, fa, lda, fb, ldb, (float) beta, fc, ldc);
                } else {
                    DoublePointer da = new DoublePointer(base(a)).position(pa + s * stepA);
                    DoublePointer db = new DoublePointer(base(b)).position(pb + s * stepB);
                    DoublePointer dc = new DoublePointer(base(c)).position(pc + s * stepC);
                    openblas_nolapack.cblas_dgemm(o, ta, tb, pm, pn, k, alpha, da, lda, db, ldb, beta, dc, ldc);
                }
            }
        }));
        return true;
    }

    /**
     * Products of fewer multiply-adds than this run on the calling thread alone
     * ({@link Nd4jRuntime#onOneOmpThreadHere}: the OpenMP build of OpenBLAS, which the launcher preloads, follows the
     * calling thread's OpenMP count; the bundled pthread build applies its own size threshold): with idle OpenMP threads asleep
     * ({@code OMP_WAIT_POLICY=PASSIVE}, the launcher's default) waking one costs tens of microseconds, more than a
     * second thread saves on such a product (the MLP's 512-to-10 layer: 128 x 512 x 10; docs/PERFORMANCE.md, "MLP
     * at two threads (session 7)"). Results can change in the last bits: OpenBLAS's own two-thread split of a product
     * differs from its one-thread product with its Haswell kernels (up to 3.7e-4 on the MLP's first forward product,
     * session 8), not on the MLP's shapes with its SkylakeX kernels; {@link #gemmSplit} avoids that for large products.
     */
    static final long SMALL_PRODUCT = 1L << 20;

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
        if (rows * cols < SMALL_PRODUCT) {
            Nd4jRuntime.onOneOmpThreadHere(() -> columnSums(t, rows, cols, alpha, x, ones, out));
        } else {
            columnSums(t, rows, cols, alpha, x, ones, out);
        }
    }

    /** One BLAS call {@code out = alpha * xᵀ ones} for a row-major {@code x [rows, cols]}. */
    private static void columnSums(DataType t, long rows, long cols, double alpha, INDArray x, INDArray ones, INDArray out) {
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

    /**
     * A family of row-major matrices inside one C-order array, for {@link #gemmBatch}: matrix {@code (i, j)} starts
     * at element {@code offset + i * outerStride + j * innerStride} of {@code array} and has leading dimension
     * {@code ld} (elements between the starts of consecutive rows).
     *
     * @param array the contiguous C-order array holding the matrices
     * @param offset element offset of matrix (0, 0) within {@code array}
     * @param outerStride elements between matrices {@code (i, j)} and {@code (i + 1, j)}
     * @param innerStride elements between matrices {@code (i, j)} and {@code (i, j + 1)}
     * @param ld leading dimension
     */
    record Strided(INDArray array, long offset, long outerStride, long innerStride, int ld) {
    }

    /**
     * {@code c(i, j) = alpha * op(a(i, j)) * op(b(i, j)) + beta * c(i, j)} for {@code i < outer}, {@code j < inner}:
     * one {@code cblas_sgemm}/{@code cblas_dgemm} per pair on the arrays' own memory (no views are created, so the
     * per-matrix cost is the BLAS call alone). Used by the attention on the per-(example, head) slices of its
     * projections, which saves copying them head-major. Other backends: {@link #gemm} on views.
     *
     * @param outer first batch dimension (examples)
     * @param inner second batch dimension (heads)
     * @param m rows of {@code op(a)} and {@code c}
     * @param n columns of {@code op(b)} and {@code c}
     * @param k columns of {@code op(a)}, rows of {@code op(b)}
     * @param a left matrices
     * @param transposeA whether {@code op(a)} is the transpose
     * @param b right matrices
     * @param transposeB whether {@code op(b)} is the transpose
     * @param c output matrices
     * @param alpha factor of the products
     * @param beta factor of {@code c}'s previous content
     */
    static void gemmBatch(int outer, int inner, int m, int n, int k, Strided a, boolean transposeA, Strided b,
            boolean transposeB, Strided c, double alpha, double beta) {
        DataType t = c.array().dataType();
        if (!CPU || (t != DataType.FLOAT && t != DataType.DOUBLE) || a.array().dataType() != t || b.array().dataType() != t) {
            gemmBatchViews(outer, inner, m, n, k, a, transposeA, b, transposeB, c, alpha, beta);
            return;
        }
        int ta = transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        long pa = position(a.array()) + a.offset();
        long pb = position(b.array()) + b.offset();
        long pc = position(c.array()) + c.offset();
        // the examples are split between the native thread count's threads (each matrix is one single-threaded call)
        Parallel.run(outer, 4, (from, to, part) -> {
            int o = openblas_nolapack.CblasRowMajor;
            if (t == DataType.FLOAT) {
                FloatPointer fa = new FloatPointer(base(a.array()));
                FloatPointer fb = new FloatPointer(base(b.array()));
                FloatPointer fc = new FloatPointer(base(c.array()));
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < inner; j++) {
                        fa.position(pa + i * a.outerStride() + j * a.innerStride());
                        fb.position(pb + i * b.outerStride() + j * b.innerStride());
                        fc.position(pc + i * c.outerStride() + j * c.innerStride());
                        openblas_nolapack.cblas_sgemm(o, ta, tb, m, n, k, (float) alpha, fa, a.ld(), fb, b.ld(), (float) beta, fc, c.ld());
                    }
                }
            } else {
                DoublePointer da = new DoublePointer(base(a.array()));
                DoublePointer db = new DoublePointer(base(b.array()));
                DoublePointer dc = new DoublePointer(base(c.array()));
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < inner; j++) {
                        da.position(pa + i * a.outerStride() + j * a.innerStride());
                        db.position(pb + i * b.outerStride() + j * b.innerStride());
                        dc.position(pc + i * c.outerStride() + j * c.innerStride());
                        openblas_nolapack.cblas_dgemm(o, ta, tb, m, n, k, alpha, da, a.ld(), db, b.ld(), beta, dc, c.ld());
                    }
                }
            }
        });
    }

    /** {@link #gemmBatch} through {@link Nd4j#gemm} on views (other backends; package-private for tests). */
    static void gemmBatchViews(int outer, int inner, int m, int n, int k, Strided a, boolean transposeA,
            Strided b, boolean transposeB, Strided c, double alpha, double beta) {
        for (int i = 0; i < outer; i++) {
            for (int j = 0; j < inner; j++) {
                INDArray av = view(a, i, j, transposeA ? k : m, transposeA ? m : k);
                INDArray bv = view(b, i, j, transposeB ? n : k, transposeB ? k : n);
                Nd4j.gemm(av, bv, view(c, i, j, m, n), transposeA, transposeB, alpha, beta);
            }
        }
    }

    private static INDArray view(Strided s, int i, int j, int rows, int cols) {
        long start = position(s.array()) + s.offset() + i * s.outerStride() + j * s.innerStride();
        return Nd4j.create(s.array().data(), new long[] {rows, cols}, new long[] {s.ld(), 1}, start, 'c');
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
