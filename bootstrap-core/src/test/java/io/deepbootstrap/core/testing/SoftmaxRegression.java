package io.deepbootstrap.core.testing;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.Parameters;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test network: multinomial logistic regression whose loss and gradients are computed in plain Java (deterministic);
 * parameters {@code W [in, k]} and {@code b [k]} live in flat float64 vectors, as the SPI requires.
 */
public final class SoftmaxRegression implements Network {
    private final int in;
    private final int k;
    private final Parameters parameters;

    public SoftmaxRegression(int in, int k, long seed) {
        this.in = in;
        this.k = k;
        this.parameters = Parameters.builder(DataType.DOUBLE).add("W", in, k).add("b", k).build();
        double[] w = new double[in * k];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() * 0.01;
        }
        parameters.value("W").assign(Nd4j.createFromArray(w).reshape(in, k));
    }

    private void forward(double[] w, double[] b, float[] x, int off, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double z = b[c];
            for (int j = 0; j < in; j++) {
                z += w[j * k + c] * x[off + j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
    }

    @Override
    public double computeGradients(Batch batch) {
        double[] w = parameters.value("W").dup('c').reshape(in * k).toDoubleVector();
        double[] b = parameters.value("b").toDoubleVector();
        double[] gw = new double[w.length];
        double[] gb = new double[k];
        double[] p = new double[k];
        double loss = 0;
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            forward(w, b, batch.features(), i * in, p);
            for (int c = 0; c < k; c++) {
                double t = batch.targets()[i * k + c];
                if (t > 0) {
                    loss -= t * Math.log(p[c]);
                }
                double g = (p[c] - t) / n;
                gb[c] += g;
                for (int j = 0; j < in; j++) {
                    gw[j * k + c] += g * batch.features()[i * in + j];
                }
            }
        }
        parameters.gradient("W").assign(Nd4j.createFromArray(gw).reshape(in, k));
        parameters.gradient("b").assign(Nd4j.createFromArray(gb));
        return loss / n;
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        double[] w = parameters.value("W").dup('c').reshape(in * k).toDoubleVector();
        double[] b = parameters.value("b").toDoubleVector();
        double[] p = new double[k];
        for (int i = 0; i < batch.size(); i++) {
            forward(w, b, batch.features(), i * in, p);
            for (int c = 0; c < k; c++) {
                probabilities[i * k + c] = (float) p[c];
            }
        }
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    /** For transfer tests the weights count as the body and only the bias as the head. */
    @Override
    public java.util.List<String> headParameters() {
        return java.util.List.of("b");
    }

    @Override
    public void close() {
        parameters.close();
    }
}
