package io.deepbootstrap.toolkit.nn;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer normalisation over the last dimension (features), with gain (ones) and bias (zeros) of that size:
 * {@code y = (x - mean) / sqrt(var + 1e-5) * gain + bias} per row (biased variance, PyTorch's
 * {@code nn.LayerNorm}). Works on vectors {@code [n, d]} and on sequences {@code [n, tokens, d]} (as in a ViT)
 * or any other rank.
 *
 * <p>One pass per direction as Java loops over chunks of whole rows ({@link Kernels}), in float arithmetic for
 * FLOAT arrays (as PyTorch's kernel; reductions with four partial sums) and in double for DOUBLE arrays (gradient
 * checks); the forward pass keeps every row's mean and 1/std for the backward pass
 * ({@code dx = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / std} with {@code dxhat = dy gain}). libnd4j's
 * {@code layer_norm_bp} ran a dozen ops with temporaries and took 4x the forward time.
 */
public final class LayerNorm extends AbstractLayer {
    /** Added to the variance (PyTorch's and libnd4j's default). */
    public static final double EPSILON = 1e-5;
    private Param gain;
    private Param bias;
    private int d;
    private Kernels kernels;
    private double[] gainValues;
    private double[] biasValues;
    private double[] gainGrad;
    private double[] biasGrad;
    private double[] rowMean = new double[0];
    private double[] rowRstd = new double[0];
    private float[] gainFloats;
    private float[] biasFloats;
    /** Per chunk of rows: its gain-gradient sums (even rows) and bias-gradient sums (odd rows), float path. */
    private float[][] chunkGrads = new float[0][];

    @Override
    public String name() {
        return "layernorm";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        d = Math.toIntExact(inShape[inShape.length - 1]);
        gain = new Param("gain", new long[] {d}, Param.Init.ones());
        bias = new Param("bias", new long[] {d}, Param.Init.zeros());
        kernels = new Kernels(Math.max(1, Kernels.CHUNK / d) * d);
        gainValues = new double[d];
        biasValues = new double[d];
        gainGrad = new double[d];
        biasGrad = new double[d];
        gainFloats = new float[d];
        biasFloats = new float[d];
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return List.of(gain, bias);
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        int rows = Math.toIntExact(maxBatch * Ops.size(inShape) / d);
        rowMean = new double[rows];
        rowRstd = new double[rows];
        chunkGrads = new float[2 * ((rows + kernels.chunk() / d - 1) / (kernels.chunk() / d))][d];
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        Kernels.requireContiguous(in);
        input = in;
        INDArray out = out(in);
        Ops.get(gain.value(), gainValues, d);
        Ops.get(bias.value(), biasValues, d);
        long len = in.length();
        if (in.dataType() == DataType.FLOAT) {
            forwardFloat(in, out, len);
            return out;
        }
        double[] x = kernels.doubles(0);
        for (long s = 0; s < len; s += kernels.chunk()) {
            int n = (int) Math.min(kernels.chunk(), len - s);
            kernels.read(in, s, x, n);
            int row = (int) (s / d);
            for (int r = 0; r < n / d; r++) {
                normalise(x, r * d, row + r);
            }
            kernels.write(out, s, x, n);
        }
        return out;
    }

    /** The forward pass in float arithmetic (FLOAT arrays; as PyTorch's float kernel), chunks split by {@link Parallel}. */
    private void forwardFloat(INDArray in, INDArray out, long len) {
        for (int j = 0; j < d; j++) {
            gainFloats[j] = (float) gainValues[j];
            biasFloats[j] = (float) biasValues[j];
        }
        FloatBuffer xb = Kernels.floatBuffer(in);
        FloatBuffer yb = Kernels.floatBuffer(out);
        int chunk = kernels.chunk();
        Parallel.run(Math.toIntExact((len + chunk - 1) / chunk), 4, (from, to, part) -> {
            float[] x = kernels.part(part).floats(0);
            for (long s = (long) from * chunk; s < Math.min(len, (long) to * chunk); s += chunk) {
                int n = (int) Math.min(chunk, len - s);
                Kernels.read(xb.duplicate(), in, s, x, n);
                int row = (int) (s / d);
                for (int r = 0; r < n / d; r++) {
                    int o = r * d;
                    float mean = Kernels.sum(x, o, d) / d;
                    float rstd = (float) (1 / Math.sqrt(Kernels.sumSquaredDeviations(x, o, d, mean) / d + EPSILON));
                    for (int j = 0; j < d; j++) {
                        x[o + j] = (x[o + j] - mean) * rstd * gainFloats[j] + biasFloats[j];
                    }
                    rowMean[row + r] = mean;
                    rowRstd[row + r] = rstd;
                }
                Kernels.write(yb.duplicate(), out, s, x, n);
            }
        });
    }

    /** Normalises the row at {@code x[o .. o+d)} in place and records its mean and 1/std as row {@code row}. */
    private void normalise(double[] x, int o, int row) {
        double mean = Kernels.sum(x, o, d) / d;
        double sq = Kernels.sumSquaredDeviations(x, o, d, mean);
        double rstd = 1 / Math.sqrt(sq / d + EPSILON);
        for (int j = 0; j < d; j++) {
            x[o + j] = (x[o + j] - mean) * rstd * gainValues[j] + biasValues[j];
        }
        rowMean[row] = mean;
        rowRstd[row] = rstd;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        Kernels.requireContiguous(gradOut);
        INDArray gi = gradIn(gradOut);
        java.util.Arrays.fill(gainGrad, 0);
        java.util.Arrays.fill(biasGrad, 0);
        long len = gradOut.length();
        if (gi.dataType() == DataType.FLOAT) {
            backwardFloat(gradOut, gi, len);
            Ops.put(gain.grad(), gainGrad, d);
            Ops.put(bias.grad(), biasGrad, d);
            return gi;
        }
        double[] x = kernels.doubles(0);
        double[] g = kernels.doubles(1);
        for (long s = 0; s < len; s += kernels.chunk()) {
            int n = (int) Math.min(kernels.chunk(), len - s);
            kernels.read(input, s, x, n);
            kernels.read(gradOut, s, g, n);
            int row = (int) (s / d);
            for (int r = 0; r < n / d; r++) {
                backwardRow(x, g, r * d, row + r);
            }
            kernels.write(gi, s, g, n);
        }
        Ops.put(gain.grad(), gainGrad, d);
        Ops.put(bias.grad(), biasGrad, d);
        return gi;
    }

    /**
     * Accumulates the gain and bias gradients of one row and overwrites its output gradient {@code g[o .. o+d)}
     * with the input gradient ({@code x} holds the row's input).
     */
    private void backwardRow(double[] x, double[] g, int o, int row) {
        double mean = rowMean[row];
        double rstd = rowRstd[row];
        for (int j = 0; j < d; j++) {
            double xhat = (x[o + j] - mean) * rstd;
            double dy = g[o + j];
            gainGrad[j] += dy * xhat;
            biasGrad[j] += dy;
            x[o + j] = xhat;
            g[o + j] = dy * gainValues[j];
        }
        // g now holds dxhat, x holds xhat
        double a = Kernels.sum(g, o, d) / d;
        double b = Kernels.dot(g, x, o, d) / d;
        for (int j = 0; j < d; j++) {
            g[o + j] = rstd * (g[o + j] - a - x[o + j] * b);
        }
    }

    /**
     * The backward pass in float arithmetic (FLOAT arrays), chunks split by {@link Parallel}: each chunk's gain and
     * bias gradients are summed in float into its own row of {@link #chunkGrads}, then the chunks are added in
     * order in double (the same sums whatever the thread count).
     */
    private void backwardFloat(INDArray gradOut, INDArray gi, long len) {
        FloatBuffer xb = Kernels.floatBuffer(input);
        FloatBuffer gb = Kernels.floatBuffer(gradOut);
        FloatBuffer db = Kernels.floatBuffer(gi);
        int chunk = kernels.chunk();
        int chunks = Math.toIntExact((len + chunk - 1) / chunk);
        Parallel.run(chunks, 4, (from, to, part) -> {
            float[] x = kernels.part(part).floats(0);
            float[] g = kernels.part(part).floats(1);
            for (int c = from; c < to; c++) {
                long s = (long) c * chunk;
                int n = (int) Math.min(chunk, len - s);
                Kernels.read(xb.duplicate(), input, s, x, n);
                Kernels.read(gb.duplicate(), gradOut, s, g, n);
                float[] gg = chunkGrads[2 * c];
                float[] bg = chunkGrads[2 * c + 1];
                java.util.Arrays.fill(gg, 0);
                java.util.Arrays.fill(bg, 0);
                int row = (int) (s / d);
                for (int r = 0; r < n / d; r++) {
                    backwardRowFloat(x, g, r * d, row + r, gg, bg);
                }
                Kernels.write(db.duplicate(), gi, s, g, n);
            }
        });
        for (int c = 0; c < chunks; c++) {
            for (int j = 0; j < d; j++) {
                gainGrad[j] += chunkGrads[2 * c][j];
                biasGrad[j] += chunkGrads[2 * c + 1][j];
            }
        }
    }

    /** {@link #backwardRow} in float, accumulating the gain and bias gradients into {@code gg} and {@code bg}. */
    private void backwardRowFloat(float[] x, float[] g, int o, int row, float[] gg, float[] bg) {
        float mean = (float) rowMean[row];
        float rstd = (float) rowRstd[row];
        for (int j = 0; j < d; j++) {
            float xhat = (x[o + j] - mean) * rstd;
            float dy = g[o + j];
            gg[j] += dy * xhat;
            bg[j] += dy;
            x[o + j] = xhat;
            g[o + j] = dy * gainFloats[j];
        }
        float a = Kernels.sum(g, o, d) / d;
        float b = Kernels.dot(g, x, o, d) / d;
        for (int j = 0; j < d; j++) {
            g[o + j] = rstd * (g[o + j] - a - x[o + j] * b);
        }
    }
}
