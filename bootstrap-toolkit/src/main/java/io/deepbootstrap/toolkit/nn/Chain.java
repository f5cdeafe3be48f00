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
 *
 * <p>In training passes such a pair runs as one oneDNN primitive where the batch norm can ({@link
 * BatchNorm#trainingForwardRelu}: the ReLU's mask kept as the primitive's workspace), and {@link #backward} then skips
 * the ReLU (the batch norm's backward primitive applies the mask): one pass over the activations less each way per
 * pair (VGG's eight, the ResNets' final one). {@code -Dbootstrap.chain.fused=false} runs them layer by layer.
 */
final class Chain {
    private Chain() {
    }

    /** Whether training passes run a batch norm and the ReLU after it as one primitive ({@code -Dbootstrap.chain.fused}). */
    private static volatile boolean fusedTraining = !"false".equalsIgnoreCase(System.getProperty("bootstrap.chain.fused"));

    /**
     * For tests: switches the training fusion of batch norm + ReLU on or off.
     *
     * @param on whether training passes fuse the pairs
     * @return the previous setting
     */
    static boolean fuseTraining(boolean on) {
        boolean was = fusedTraining;
        fusedTraining = on;
        return was;
    }

    /**
     * @param layers the chain
     * @param x its input
     * @param training whether this is a training pass
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
            } else if (training && fusedTraining && l instanceof BatchNorm bn && i + 1 < n && layers.get(i + 1) instanceof Relu
                    && bn.canFuseRelu(a)) {
                a = bn.trainingForwardRelu(a);
                i++;
            } else {
                a = l.forward(a, training);
            }
        }
        return a;
    }

    /**
     * Backward pass through a chain after a training {@link #forward}: each layer's backward pass from the last to the
     * first, except a {@link Relu} whose batch norm applied it ({@link BatchNorm#appliedRelu}).
     *
     * @param layers the chain
     * @param gradOut gradient of the last layer's output
     * @param inputGradNeeded whether the first layer must compute its input gradient
     * @return the first layer's input gradient (null when not needed and not computed)
     */
    static INDArray backward(List<Layer> layers, INDArray gradOut, boolean inputGradNeeded) {
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof Relu && i > 0 && layers.get(i - 1) instanceof BatchNorm bn && bn.appliedRelu()) {
                continue;
            }
            g = layers.get(i).backward(g, i > 0 || inputGradNeeded);
        }
        return g;
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
