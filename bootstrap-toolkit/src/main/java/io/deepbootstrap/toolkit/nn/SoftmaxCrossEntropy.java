package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The classification head: softmax of logits and mean cross-entropy against probability targets
 * (one-hot or soft), with its gradient {@code (softmax(z) - t) / n}. Computed in Java on the small
 * {@code [n, classes]} logits with a numerically stable log-sum-exp; scratch arrays are allocated once.
 */
public final class SoftmaxCrossEntropy {
    private final int classes;
    private final double[] z;
    private int lastCorrect = -1;

    /**
     * @param classes number of classes
     * @param maxBatch the largest batch
     */
    public SoftmaxCrossEntropy(int classes, int maxBatch) {
        this.classes = classes;
        this.z = new double[Math.multiplyExact(classes, maxBatch)];
    }

    /**
     * @param logits {@code [n, classes]}, C order, contiguous
     * @param targets {@code n * classes} probabilities, example-major
     * @param gradLogits destination {@code [n, classes]} for d(mean loss)/d(logits)
     * @return the mean cross-entropy
     */
    public double lossAndGradient(INDArray logits, float[] targets, INDArray gradLogits) {
        return lossAndGradient(logits, targets, null, gradLogits);
    }

    /**
     * As {@link #lossAndGradient(INDArray, float[], INDArray)}, also counting the examples whose largest logit is
     * at their label (see {@link #lastCorrect()}).
     *
     * @param logits {@code [n, classes]}, C order, contiguous
     * @param targets {@code n * classes} probabilities, example-major
     * @param labels hard labels, one per example, or {@code null} not to count
     * @param gradLogits destination {@code [n, classes]} for d(mean loss)/d(logits)
     * @return the mean cross-entropy
     */
    public double lossAndGradient(INDArray logits, float[] targets, int[] labels, INDArray gradLogits) {
        int n = (int) logits.size(0);
        int len = n * classes;
        Ops.get(logits, z, len);
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int o = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < classes; j++) {
                if (z[o + j] > max) {
                    max = z[o + j];
                    arg = j;
                }
            }
            if (labels != null && labels[i] == arg) {
                correct++;
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(z[o + j] - max);
            }
            double logSum = Math.log(sum) + max;
            for (int j = 0; j < classes; j++) {
                double logP = z[o + j] - logSum;
                double t = targets[o + j];
                if (t != 0) {
                    loss -= t * logP;
                }
                z[o + j] = (Math.exp(logP) - t) / n;
            }
        }
        Ops.put(gradLogits, z, len);
        lastCorrect = labels == null ? -1 : correct;
        return loss / n;
    }

    /**
     * @return how many examples of the last {@code lossAndGradient} call with labels had their largest logit at
     *     their label (the first on ties); -1 if the last call had no labels
     */
    public int lastCorrect() {
        return lastCorrect;
    }

    /**
     * @param logits {@code [n, classes]}, C order, contiguous
     * @param probabilities destination, {@code n * classes} floats
     */
    public void probabilities(INDArray logits, float[] probabilities) {
        int n = (int) logits.size(0);
        Ops.get(logits, z, n * classes);
        for (int i = 0; i < n; i++) {
            int o = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(z[o + j] - max);
            }
            for (int j = 0; j < classes; j++) {
                probabilities[o + j] = (float) (Math.exp(z[o + j] - max) / sum);
            }
        }
    }
}
