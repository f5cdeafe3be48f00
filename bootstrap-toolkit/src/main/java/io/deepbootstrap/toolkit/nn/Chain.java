package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward pass through a chain of layers ({@link Sequential}, the paths of a {@link Residual}). In inference passes a
 * {@link BatchNorm} directly followed by a {@link Relu} runs as one pass ({@link BatchNorm#inference}: scale, shift
 * and clamp at zero per element) and the ReLU is skipped; the result is the ReLU's, in the batch norm's output
 * buffer, where the in-place ReLU would have left it; or, when the batch norm's input is the output buffer of the
 * layer before it (a convolution, a dense layer, a residual block), in place over that buffer, which nothing else reads in an
 * inference pass (on 2-4 M floats about half the time of writing a second buffer).
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
                a = ownsOutput(layers, i - 1) ? bn.inference(a, a, true) : bn.inference(a, true);
                i++;
            } else {
                a = l.forward(a, training);
            }
        }
        return a;
    }

    /**
     * @return whether layer {@code i} exists and returns its own output buffer, which in an inference pass only the
     *     next layer reads (so that layer may overwrite it): a convolution, a dense layer, a residual block (its sum
     *     buffer, or its last convolution's). Not the chain's first
     *     input (the caller's), nor a view such as {@link Flatten}'s or an in-place {@link Relu}'s.
     */
    private static boolean ownsOutput(List<Layer> layers, int i) {
        if (i < 0) {
            return false;
        }
        Layer l = layers.get(i);
        return l instanceof Conv2d || l instanceof Dense || l instanceof PreActBlock || l instanceof Residual;
    }
}
