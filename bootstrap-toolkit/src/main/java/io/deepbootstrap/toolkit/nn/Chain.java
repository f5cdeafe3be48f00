package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward pass through a chain of layers ({@link Sequential}, the paths of a {@link Residual}). In inference passes a
 * {@link BatchNorm} directly followed by a {@link Relu} runs as one pass ({@link BatchNorm#inference}: scale, shift
 * and clamp at zero per element) and the ReLU is skipped; the result is the ReLU's, in the batch norm's output
 * buffer, where the in-place ReLU would have left it.
 */
final class Chain {
    private Chain() {
    }

    /**
     * @param layers the chain
     * @param x its input
     * @param training whether this is a training pass (then every layer runs on its own)
     * @return the last layer's output
     */
    static INDArray forward(List<Layer> layers, INDArray x, boolean training) {
        INDArray a = x;
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            if (!training && l instanceof BatchNorm bn && i + 1 < n && layers.get(i + 1) instanceof Relu) {
                a = bn.inference(a, true);
                i++;
            } else {
                a = l.forward(a, training);
            }
        }
        return a;
    }
}
