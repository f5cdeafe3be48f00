package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.factory.Nd4j;

/** Averages token arrays {@code [n, tokens, d]} over the tokens to {@code [n, d]} (a vision transformer's pooling). */
public final class TokenMeanPool extends AbstractLayer {

    @Override
    public String name() {
        return "token-mean-pool";
    }

    @Override
    public long[] build(long[] inputShape) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(name() + " needs token inputs (tokens, d), got per-example shape "
                    + java.util.Arrays.toString(inputShape));
        }
        inShape = inputShape.clone();
        outShape = new long[] {inShape[1]};
        return outShape.clone();
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        INDArray out = out(in);
        in.mean(out, 1);
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        // every token receives gradOut / tokens
        Nd4j.exec(new BroadcastCopyOp(gi, gradOut, gi, 0, 2));
        gi.muli(1.0 / inShape[0]);
        return gi;
    }
}
