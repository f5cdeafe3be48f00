package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.factory.Nd4j;

/** Averages {@code [n, h, w, c]} over height and width to {@code [n, c]}. */
public final class GlobalAvgPool extends AbstractLayer {

    @Override
    public String name() {
        return "global-avg-pool";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank("global-avg-pool", inputShape, 3);
        inShape = inputShape.clone();
        outShape = new long[] {inShape[2]};
        return outShape.clone();
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        INDArray out = out(in);
        in.mean(out, 1, 2);
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        long n = gradOut.size(0);
        // every position receives gradOut / (h * w): broadcast over the spatial positions
        INDArray g2 = gi.reshape('c', n, inShape[0] * inShape[1], inShape[2]);
        gradOut.muli(1.0 / (inShape[0] * inShape[1]));
        Nd4j.exec(new BroadcastCopyOp(g2, gradOut, g2, 0, 2));
        return gi;
    }
}
