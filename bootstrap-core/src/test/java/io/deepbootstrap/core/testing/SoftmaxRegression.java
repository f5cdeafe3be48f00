package io.deepbootstrap.core.testing;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.Network;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test network: multinomial logistic regression trained by plain SGD, in plain Java (deterministic). */
public final class SoftmaxRegression implements Network {
    private final int in;
    private final int k;
    private final double[] w;
    private final double[] b;
    private final INDArray wView;
    private final INDArray bView;

    public SoftmaxRegression(int in, int k, long seed) {
        this.in = in;
        this.k = k;
        this.w = new double[in * k];
        this.b = new double[k];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() * 0.01;
        }
        this.wView = Nd4j.createFromArray(w);
        this.bView = Nd4j.createFromArray(b);
    }

    /** The INDArrays returned by parameters() are the master copy between calls: sync both ways. */
    private void pull() {
        System.arraycopy(wView.toDoubleVector(), 0, w, 0, w.length);
        System.arraycopy(bView.toDoubleVector(), 0, b, 0, b.length);
    }

    private void push() {
        wView.assign(Nd4j.createFromArray(w));
        bView.assign(Nd4j.createFromArray(b));
    }

    private void forward(float[] x, int off, double[] p) {
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
    public double fit(Batch batch, double learningRate) {
        pull();
        double[] gw = new double[w.length];
        double[] gb = new double[k];
        double[] p = new double[k];
        double loss = 0;
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            forward(batch.features(), i * in, p);
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
        for (int i = 0; i < w.length; i++) {
            w[i] -= learningRate * gw[i];
        }
        for (int c = 0; c < k; c++) {
            b[c] -= learningRate * gb[c];
        }
        push();
        return loss / n;
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        pull();
        double[] p = new double[k];
        for (int i = 0; i < batch.size(); i++) {
            forward(batch.features(), i * in, p);
            for (int c = 0; c < k; c++) {
                probabilities[i * k + c] = (float) p[c];
            }
        }
    }

    @Override
    public long parameterCount() {
        return w.length + b.length;
    }

    @Override
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("W", wView);
        m.put("b", bView);
        return m;
    }

    /** For transfer tests the weights count as the body and only the bias as the head. */
    @Override
    public java.util.List<String> headParameters() {
        return java.util.List.of("b");
    }

    @Override
    public void save(Path file) throws IOException {
        pull();
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            for (double v : w) {
                out.writeDouble(v);
            }
            for (double v : b) {
                out.writeDouble(v);
            }
        }
    }

    @Override
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readDouble();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = in.readDouble();
            }
        }
        push();
    }
}
