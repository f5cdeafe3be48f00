package io.deepbootstrap.toolkit.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over the last (channel) dimension of NHWC or vector inputs. Training uses the
 * batch's mean and biased variance and updates running statistics
 * ({@code running = (1 - momentum) * running + momentum * batch}, PyTorch's convention, with the biased
 * batch variance; momentum 0.1 by default); inference uses the running statistics through libnd4j's
 * {@code batchnorm} op. Parameters: {@code gamma} (ones), {@code beta} (zeros); state: {@code running-mean},
 * {@code running-var}.
 *
 * <p>Training passes view the activations as a matrix {@code [n*h*w, c]} and compute every per-channel sum
 * as a BLAS gemm with a vector of ones (libnd4j's {@code moments} and {@code batchnorm_bp} take 15-30x longer
 * on NHWC data), plus a few row-broadcast element-wise ops. The normalised input is kept in one extra
 * activation-sized buffer for the backward pass; the backward pass writes the input gradient over the output
 * gradient (no input-gradient buffer).
 */
public final class BatchNorm extends AbstractLayer {
    private final double epsilon;
    private final double momentum;
    private Param gamma;
    private Param beta;
    private long channels;
    private long positions; // per example: h*w (1 for vectors)
    private int[] bnArgs;
    private INDArray ones;
    private INDArray xhat;
    private INDArray mean;
    private INDArray var;
    private INDArray invStd;
    private INDArray scale;
    private INDArray runningMean;
    private INDArray runningVar;
    private INDArray tmp;

    /** Epsilon 1e-5, momentum 0.1. */
    public BatchNorm() {
        this(1e-5, 0.1);
    }

    /**
     * @param epsilon added to the variance
     * @param momentum weight of the batch statistics in the running statistics
     */
    public BatchNorm(double epsilon, double momentum) {
        this.epsilon = epsilon;
        this.momentum = momentum;
    }

    @Override
    public String name() {
        return "batchnorm";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        channels = inShape[inShape.length - 1];
        positions = Ops.size(inShape) / channels;
        gamma = new Param("gamma", new long[] {channels}, Param.Init.ones());
        beta = new Param("beta", new long[] {channels}, Param.Init.zeros());
        // applyScale, applyOffset, axis (the channel dimension of the batched array)
        bnArgs = new int[] {1, 1, inShape.length};
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        ones = Nd4j.ones(dataType, 1, maxBatch * positions);
        xhat = Nd4j.create(dataType, Ops.batchShape(maxBatch, inShape), 'c');
        mean = Nd4j.create(dataType, 1, channels);
        var = Nd4j.create(dataType, 1, channels);
        invStd = Nd4j.create(dataType, 1, channels);
        scale = Nd4j.create(dataType, 1, channels);
        tmp = Nd4j.create(dataType, 1, channels);
        runningMean = Nd4j.zeros(dataType, channels);
        runningVar = Nd4j.ones(dataType, channels);
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        s.put("running-mean", runningMean);
        s.put("running-var", runningVar);
        return s;
    }

    private INDArray matrix(INDArray a) {
        return a.reshape('c', a.length() / channels, channels);
    }

    private INDArray ones(long rows) {
        return rows == ones.length() ? ones : ones.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows)).reshape(1, rows);
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        if (!training) {
            Ops.exec("batchnorm", new INDArray[] {in, runningMean, runningVar, gamma.value(), beta.value()},
                    new INDArray[] {out}, bnArgs, epsilon);
            return out;
        }
        long rows = in.length() / channels;
        INDArray x = matrix(in);
        INDArray xh = matrix(Ops.rows(xhat, in.size(0)));
        INDArray o = matrix(out);
        INDArray one = ones(rows);
        Blas.gemm(one, x, mean, false, false, 1.0 / rows, 0.0);            // mean
        xh.assign(x).subiRowVector(mean);                                    // x - mean
        Nd4j.exec(new MulOp(xh, xh, o));                                     // (x - mean)^2, in the output buffer
        Blas.gemm(one, o, var, false, false, 1.0 / rows, 0.0);              // biased variance
        invStd.assign(var).addi(epsilon);
        org.nd4j.linalg.ops.transforms.Transforms.pow(invStd, -0.5, false);   // 1 / sqrt(var + eps)
        xh.muliRowVector(invStd);                                            // xhat
        scale.assign(gamma.value().reshape(1, channels));
        o.assign(xh).muliRowVector(scale).addiRowVector(beta.value().reshape(1, channels));
        runningMean.muli(1 - momentum).addi(tmp.assign(mean).muli(momentum).reshape(channels));
        runningVar.muli(1 - momentum).addi(tmp.assign(var).muli(momentum).reshape(channels));
        return out;
    }

    /** The input gradient is written into the output gradient: no input-gradient buffer. */
    @Override
    protected boolean ownsInputGradient() {
        return false;
    }

    /**
     * Writes the input gradient over {@code gradOut} and returns it. The layer's own output buffer serves as the
     * temporary: by the time this layer's backward pass runs, every layer that read that output (the layers
     * after this one) has run its backward pass, so it is dead.
     */
    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long rows = gradOut.length() / channels;
        INDArray g = matrix(gradOut);
        INDArray xh = matrix(Ops.rows(xhat, gradOut.size(0)));
        INDArray t = matrix(Ops.rows(output, gradOut.size(0)));
        INDArray one = ones(rows);
        INDArray dBeta = beta.grad().reshape(1, channels);
        INDArray dGamma = gamma.grad().reshape(1, channels);
        Blas.gemm(one, g, dBeta, false, false, 1.0, 0.0);                   // sum g
        Nd4j.exec(new MulOp(g, xh, t));
        Blas.gemm(one, t, dGamma, false, false, 1.0, 0.0);                  // sum g * xhat
        if (!inputGradNeeded) {
            return null;
        }
        // dx = gamma * invStd * (g - sum(g)/M - xhat * sum(g * xhat)/M)
        t.assign(xh).muliRowVector(tmp.assign(dGamma).muli(-1.0 / rows));
        g.addi(t).addiRowVector(tmp.assign(dBeta).muli(-1.0 / rows));
        g.muliRowVector(scale.muli(invStd));
        return gradOut;
    }

    @Override
    public void close() {
        super.close();
        for (INDArray a : new INDArray[] {ones, xhat, mean, var, invStd, scale, tmp, runningMean, runningVar}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
