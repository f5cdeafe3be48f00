package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code pca-gmm}: project all training examples on their top {@code pca-dims} principal components, fit
 * per class a Gaussian mixture of {@code components} components (full or diagonal covariance) by EM in that
 * space, and sample by drawing a class from the empirical class prior, a component, a latent point, and
 * mapping it back through the principal axes (plus, optionally, isotropic noise with the variance PCA
 * discarded). The covariance, eigen-decomposition and projection use ND4J; EM runs in plain Java, one
 * class per thread. Deterministic given the config.
 */
public final class PcaGmm implements GenerativeModel {
    private static final int FORMAT = 1;

    private final int d;
    private final int k;
    private final float[] mean;
    private final float[] basis; // d x k, row-major
    private final double residualSigma;
    private final double[] classCdf;
    private final Mixture[] mixtures;

    /** A Gaussian mixture in the k-dim latent space: weights, means and Cholesky factors of the covariances. */
    record Mixture(double[] weightCdf, double[][] means, double[][] chol) {
    }

    private PcaGmm(int d, int k, float[] mean, float[] basis, double residualSigma, double[] classCdf, Mixture[] mixtures) {
        this.d = d;
        this.k = k;
        this.mean = mean;
        this.basis = basis;
        this.residualSigma = residualSigma;
        this.classCdf = classCdf;
        this.mixtures = mixtures;
    }

    /** @return the number of latent (PCA) dimensions */
    public int latentDimensions() {
        return k;
    }

    private static int pick(double[] cdf, double u) {
        for (int i = 0; i < cdf.length - 1; i++) {
            if (u < cdf[i]) {
                return i;
            }
        }
        return cdf.length - 1;
    }

    @Override
    public int sample(RandomGenerator random, float[] features, int offset) {
        int label = pick(classCdf, random.nextDouble());
        Mixture m = mixtures[label];
        int j = pick(m.weightCdf(), random.nextDouble());
        double[] mu = m.means()[j];
        double[] l = m.chol()[j];
        double[] eps = new double[k];
        for (int a = 0; a < k; a++) {
            eps[a] = random.nextGaussian();
        }
        double[] z = new double[k];
        for (int a = 0; a < k; a++) {
            double s = mu[a];
            for (int b = 0; b <= a; b++) {
                s += l[a * k + b] * eps[b];
            }
            z[a] = s;
        }
        for (int i = 0; i < d; i++) {
            double v = mean[i];
            int row = i * k;
            for (int a = 0; a < k; a++) {
                v += basis[row + a] * z[a];
            }
            if (residualSigma > 0) {
                v += residualSigma * random.nextGaussian();
            }
            features[offset + i] = (float) v;
        }
        return label;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(d);
        out.writeInt(k);
        out.writeDouble(residualSigma);
        for (float v : mean) {
            out.writeFloat(v);
        }
        for (float v : basis) {
            out.writeFloat(v);
        }
        out.writeInt(classCdf.length);
        for (int c = 0; c < classCdf.length; c++) {
            out.writeDouble(classCdf[c]);
            Mixture m = mixtures[c];
            out.writeInt(m.weightCdf().length);
            for (int j = 0; j < m.weightCdf().length; j++) {
                out.writeDouble(m.weightCdf()[j]);
                for (double v : m.means()[j]) {
                    out.writeDouble(v);
                }
                for (double v : m.chol()[j]) {
                    out.writeDouble(v);
                }
            }
        }
    }

    static PcaGmm read(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("pca-gmm model format " + format + ", expected " + FORMAT);
        }
        int d = in.readInt();
        int k = in.readInt();
        double residual = in.readDouble();
        float[] mean = new float[d];
        for (int i = 0; i < d; i++) {
            mean[i] = in.readFloat();
        }
        float[] basis = new float[d * k];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = in.readFloat();
        }
        int classes = in.readInt();
        double[] cdf = new double[classes];
        Mixture[] mixtures = new Mixture[classes];
        for (int c = 0; c < classes; c++) {
            cdf[c] = in.readDouble();
            int comps = in.readInt();
            double[] w = new double[comps];
            double[][] mu = new double[comps][k];
            double[][] chol = new double[comps][k * k];
            for (int j = 0; j < comps; j++) {
                w[j] = in.readDouble();
                for (int a = 0; a < k; a++) {
                    mu[j][a] = in.readDouble();
                }
                for (int a = 0; a < k * k; a++) {
                    chol[j][a] = in.readDouble();
                }
            }
            mixtures[c] = new Mixture(w, mu, chol);
        }
        return new PcaGmm(d, k, mean, basis, residual, cdf, mixtures);
    }

    /** The factory, {@code type = pca-gmm}. */
    public static final class Factory implements GenerativeModelFactory {
        @Override
        public String name() {
            return "pca-gmm";
        }

        @Override
        public String description() {
            return "per-class Gaussian mixture in a k-dim PCA space (fast, blurry; the baseline fitted generator)";
        }

        @Override
        public GenerativeModel load(Config config, DataInputStream in) throws IOException {
            return read(in);
        }

        @Override
        public GenerativeModel fit(Config config, TrainingSet data) {
            int n = data.size();
            int d = data.dimension();
            int k = ConfigValues.intAtLeast(config, "pca-dims", 1);
            if (k > d) {
                throw ConfigValues.bad(config, "pca-dims", "at most the example size " + d + ", got " + k);
            }
            int components = ConfigValues.intAtLeast(config, "components", 1);
            String covariance = config.getString("covariance");
            if (!covariance.equals("full") && !covariance.equals("diagonal")) {
                throw ConfigValues.bad(config, "covariance", "expected full or diagonal, got '" + covariance + "'");
            }
            boolean diagonal = covariance.equals("diagonal");
            int iterations = ConfigValues.intAtLeast(config, "iterations", 0);
            double regularization = ConfigValues.finiteDouble(config, "regularization");
            if (!(regularization > 0)) {
                throw ConfigValues.bad(config, "regularization", "expected a positive number, got " + regularization);
            }
            boolean residualNoise = ConfigValues.bool(config, "residual-noise");
            long seed = ConfigValues.longValue(config, "seed");
            if (n <= k) {
                throw new IllegalArgumentException("pca-gmm needs more training examples (" + n + ") than pca-dims (" + k + ")");
            }

            // PCA with ND4J: mean, covariance, eigenvectors, projection
            float[] mean = new float[d];
            double[] sum = new double[d];
            float[] f = data.features();
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    sum[j] += f[o + j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] = (float) (sum[j] / n);
            }
            INDArray x = Nd4j.create(f, new long[] {n, d}, 'c');
            x.subiRowVector(Nd4j.create(mean, new long[] {1, d}, 'c'));
            INDArray cov = x.transpose().mmul(x).castTo(DataType.DOUBLE).divi(n - 1);
            double totalVariance = 0;
            for (int j = 0; j < d; j++) {
                totalVariance += cov.getDouble(j, j);
            }
            INDArray eigenvalues = Eigen.symmetricGeneralizedEigenvalues(cov, true); // cov now holds eigenvectors as columns
            double[] ev = eigenvalues.toDoubleVector();
            Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> Double.compare(ev[b], ev[a]));
            float[] basis = new float[d * k];
            double kept = 0;
            for (int a = 0; a < k; a++) {
                int col = order[a];
                kept += ev[col];
                // fix the sign so that the largest-magnitude coordinate is positive (deterministic across LAPACKs)
                double maxAbs = 0;
                double sign = 1;
                for (int i = 0; i < d; i++) {
                    double v = cov.getDouble(i, col);
                    if (Math.abs(v) > maxAbs) {
                        maxAbs = Math.abs(v);
                        sign = Math.signum(v);
                    }
                }
                for (int i = 0; i < d; i++) {
                    basis[i * k + a] = (float) (sign * cov.getDouble(i, col));
                }
            }
            double residualSigma = residualNoise && d > k ? Math.sqrt(Math.max(0, totalVariance - kept) / (d - k)) : 0;
            INDArray v = Nd4j.create(basis, new long[] {d, k}, 'c');
            double[][] z = x.mmul(v).castTo(DataType.DOUBLE).toDoubleMatrix();

            // per-class mixtures by EM
            int classes = data.numClasses();
            int[] counts = new int[classes];
            for (int label : data.labels()) {
                counts[label]++;
            }
            double[] classCdf = new double[classes];
            double acc = 0;
            for (int c = 0; c < classes; c++) {
                acc += (double) counts[c] / n;
                classCdf[c] = acc;
            }
            Mixture[] mixtures = new Mixture[classes];
            IntStream.range(0, classes).parallel().forEach(c -> {
                double[][] points = new double[counts[c]][];
                int p = 0;
                for (int i = 0; i < n; i++) {
                    if (data.labels()[i] == c) {
                        points[p++] = z[i];
                    }
                }
                mixtures[c] = points.length == 0 ? GaussianMixtureEm.emptyClass(k)
                        : GaussianMixtureEm.fit(points, k, Math.min(components, points.length), diagonal, iterations, regularization, seed * 1_000_003L + c);
            });
            return new PcaGmm(d, k, mean, basis, residualSigma, classCdf, mixtures);
        }
    }
}
