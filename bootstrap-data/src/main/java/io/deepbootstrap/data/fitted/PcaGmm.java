package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.data.ConfigValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
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
                throw new ConfigException.BadValue(config.origin(), "pca-dims", "at most the example size " + d + ", got " + k);
            }
            int components = ConfigValues.intAtLeast(config, "components", 1);
            String covariance = config.getString("covariance");
            if (!covariance.equals("full") && !covariance.equals("diagonal")) {
                throw new ConfigException.BadValue(config.origin(), "covariance", "expected full or diagonal, got '" + covariance + "'");
            }
            boolean diagonal = covariance.equals("diagonal");
            int iterations = ConfigValues.intAtLeast(config, "iterations", 0);
            double regularization = config.getDouble("regularization");
            if (!(regularization > 0)) {
                throw new ConfigException.BadValue(config.origin(), "regularization", "expected a positive number, got " + regularization);
            }
            boolean residualNoise = config.getBoolean("residual-noise");
            long seed = config.getLong("seed");
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
                mixtures[c] = points.length == 0 ? emptyClass(k)
                        : fitMixture(points, k, Math.min(components, points.length), diagonal, iterations, regularization, seed * 1_000_003L + c);
            });
            return new PcaGmm(d, k, mean, basis, residualSigma, classCdf, mixtures);
        }
    }

    private static Mixture emptyClass(int k) {
        double[] l = new double[k * k];
        for (int a = 0; a < k; a++) {
            l[a * k + a] = 1e-3;
        }
        return new Mixture(new double[] {1}, new double[][] {new double[k]}, new double[][] {l});
    }

    /** EM for a Gaussian mixture; returns weights as a CDF, means and lower Cholesky factors (k x k row-major). */
    static Mixture fitMixture(double[][] x, int k, int m, boolean diagonal, int iterations, double regularization, long seed) {
        int n = x.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] globalMean = new double[k];
        for (double[] p : x) {
            for (int a = 0; a < k; a++) {
                globalMean[a] += p[a] / n;
            }
        }
        double[] globalCov = new double[k * k];
        for (double[] p : x) {
            for (int a = 0; a < k; a++) {
                double da = p[a] - globalMean[a];
                for (int b = 0; b <= a; b++) {
                    globalCov[a * k + b] += da * (p[b] - globalMean[b]) / n;
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < k; a++) {
            trace += globalCov[a * k + a];
        }
        double reg = regularization * Math.max(trace / k, 1e-12);
        double[] w = new double[m];
        double[][] mu = new double[m][];
        double[][] cov = new double[m][];
        int[] perm = random.ints(0, n).distinct().limit(m).toArray();
        for (int j = 0; j < m; j++) {
            w[j] = 1.0 / m;
            mu[j] = x[perm[j]].clone();
            cov[j] = globalCov.clone();
        }
        double[][] chol = new double[m][];
        double[] logNorm = new double[m];
        double[][] r = new double[n][m];
        double[] y = new double[k];
        for (int it = 0; it <= iterations; it++) {
            for (int j = 0; j < m; j++) {
                chol[j] = cholesky(cov[j], k, diagonal, reg);
                double logDet = 0;
                for (int a = 0; a < k; a++) {
                    logDet += 2 * Math.log(chol[j][a * k + a]);
                }
                logNorm[j] = Math.log(Math.max(w[j], 1e-300)) - 0.5 * (k * Math.log(2 * Math.PI) + logDet);
            }
            if (it == iterations) {
                break;
            }
            // E-step
            for (int i = 0; i < n; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    double[] l = chol[j];
                    double q = 0;
                    for (int a = 0; a < k; a++) {
                        double s = x[i][a] - mu[j][a];
                        int row = a * k;
                        for (int b = 0; b < a; b++) {
                            s -= l[row + b] * y[b];
                        }
                        y[a] = s / l[row + a];
                        q += y[a] * y[a];
                    }
                    r[i][j] = logNorm[j] - 0.5 * q;
                    best = Math.max(best, r[i][j]);
                }
                double total = 0;
                for (int j = 0; j < m; j++) {
                    r[i][j] = Math.exp(r[i][j] - best);
                    total += r[i][j];
                }
                for (int j = 0; j < m; j++) {
                    r[i][j] /= total;
                }
            }
            // M-step
            for (int j = 0; j < m; j++) {
                double nj = 0;
                double[] mj = new double[k];
                for (int i = 0; i < n; i++) {
                    double ri = r[i][j];
                    nj += ri;
                    for (int a = 0; a < k; a++) {
                        mj[a] += ri * x[i][a];
                    }
                }
                if (nj < 1e-6 * n + 1e-9) { // a dead component: restart it on a random point
                    w[j] = 1.0 / n;
                    mu[j] = x[random.nextInt(n)].clone();
                    cov[j] = globalCov.clone();
                    continue;
                }
                for (int a = 0; a < k; a++) {
                    mj[a] /= nj;
                }
                double[] cj = new double[k * k];
                for (int i = 0; i < n; i++) {
                    double ri = r[i][j];
                    if (ri < 1e-12) {
                        continue;
                    }
                    for (int a = 0; a < k; a++) {
                        double da = ri * (x[i][a] - mj[a]);
                        int row = a * k;
                        if (diagonal) {
                            cj[row + a] += da * (x[i][a] - mj[a]);
                        } else {
                            for (int b = 0; b <= a; b++) {
                                cj[row + b] += da * (x[i][b] - mj[b]);
                            }
                        }
                    }
                }
                for (int a = 0; a < k * k; a++) {
                    cj[a] /= nj;
                }
                w[j] = nj / n;
                mu[j] = mj;
                cov[j] = cj;
            }
        }
        double[] cdf = new double[m];
        double total = Arrays.stream(w).sum();
        double acc = 0;
        for (int j = 0; j < m; j++) {
            acc += w[j] / total;
            cdf[j] = acc;
        }
        return new Mixture(cdf, mu, chol);
    }

    /** Lower Cholesky factor of (the lower triangle of) {@code c} + reg I; diagonal if asked. */
    static double[] cholesky(double[] c, int k, boolean diagonal, double reg) {
        double[] l = new double[k * k];
        if (diagonal) {
            for (int a = 0; a < k; a++) {
                l[a * k + a] = Math.sqrt(Math.max(c[a * k + a], 0) + reg);
            }
            return l;
        }
        double jitter = reg;
        for (int attempt = 0; attempt < 20; attempt++) {
            boolean ok = true;
            for (int a = 0; a < k && ok; a++) {
                for (int b = 0; b <= a; b++) {
                    double s = c[a * k + b] + (a == b ? jitter : 0);
                    for (int q = 0; q < b; q++) {
                        s -= l[a * k + q] * l[b * k + q];
                    }
                    if (a == b) {
                        if (s <= 0) {
                            ok = false;
                            break;
                        }
                        l[a * k + a] = Math.sqrt(s);
                    } else {
                        l[a * k + b] = s / l[b * k + b];
                    }
                }
            }
            if (ok) {
                return l;
            }
            Arrays.fill(l, 0);
            jitter *= 10;
        }
        throw new IllegalStateException("covariance is not positive definite even with jitter " + jitter);
    }
}
