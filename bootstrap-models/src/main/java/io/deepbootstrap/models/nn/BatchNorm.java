package io.deepbootstrap.models.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over the last (channel) dimension of NHWC or vector inputs, via libnd4j's
 * {@code moments}, {@code batchnorm} and {@code batchnorm_bp} ops. Training uses the batch's mean and
 * biased variance and updates running statistics ({@code running = (1 - momentum) * running + momentum * batch},
 * PyTorch's convention, momentum 0.1 by default); inference uses the running statistics. Parameters:
 * {@code gamma} (ones), {@code beta} (zeros); state: {@code running-mean}, {@code running-var}.
 */
public final class BatchNorm extends AbstractLayer {
    private final double epsilon;
    private final double momentum;
    private Param gamma;
    private Param beta;
    private int[] axes;
    private int[] bnArgs;
    private INDArray mean;
    private INDArray var;
    private INDArray runningMean;
    private INDArray runningVar;
    private INDArray gradMean;
    private INDArray gradVar;

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
        long c = inShape[inShape.length - 1];
        gamma = new Param("gamma", new long[] {c}, Param.Init.ones());
        beta = new Param("beta", new long[] {c}, Param.Init.zeros());
        axes = new int[inShape.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i; // batch and spatial dimensions
        }
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
        long c = inShape[inShape.length - 1];
        mean = Nd4j.create(dataType, c);
        var = Nd4j.create(dataType, c);
        runningMean = Nd4j.zeros(dataType, c);
        runningVar = Nd4j.ones(dataType, c);
        gradMean = Nd4j.create(dataType, c);
        gradVar = Nd4j.create(dataType, c);
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        s.put("running-mean", runningMean);
        s.put("running-var", runningVar);
        return s;
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        if (training) {
            Ops.exec("moments", new INDArray[] {in}, new INDArray[] {mean, var}, axes);
            runningMean.muli(1 - momentum).addi(mean.mul(momentum));
            runningVar.muli(1 - momentum).addi(var.mul(momentum));
            Ops.exec("batchnorm", new INDArray[] {in, mean, var, gamma.value(), beta.value()}, new INDArray[] {out},
                    bnArgs, epsilon);
        } else {
            Ops.exec("batchnorm", new INDArray[] {in, runningMean, runningVar, gamma.value(), beta.value()},
                    new INDArray[] {out}, bnArgs, epsilon);
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        Ops.exec("batchnorm_bp", new INDArray[] {input, mean, var, gamma.value(), beta.value(), gradOut},
                new INDArray[] {gi, gradMean, gradVar, gamma.grad(), beta.grad()}, bnArgs, epsilon);
        return gi;
    }

    @Override
    public void close() {
        super.close();
        for (INDArray a : new INDArray[] {mean, var, runningMean, runningVar, gradMean, gradVar}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
