package io.deepbootstrap.data.fitted;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fits the per-class Gaussian mixtures of {@link PcaGmm} by expectation-maximisation in the PCA space (full
 * or diagonal covariances, regularised, each factored by Cholesky for sampling). Deterministic given the seed.
 */
final class GaussianMixtureEm {
    private GaussianMixtureEm() {
    }

    /** @param k dimensions @return a one-component mixture at the origin with tiny variance, for a class without examples */
    static PcaGmm.Mixture emptyClass(int k) {
        double[] l = new double[k * k];
        for (int a = 0; a < k; a++) {
            l[a * k + a] = 1e-3;
        }
        return new PcaGmm.Mixture(new double[] {1}, new double[][] {new double[k]}, new double[][] {l});
    }

    /** EM for a Gaussian mixture; returns weights as a CDF, means and lower Cholesky factors (k x k row-major). */
    static PcaGmm.Mixture fit(double[][] x, int k, int m, boolean diagonal, int iterations, double regularization, long seed) {
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
        return new PcaGmm.Mixture(cdf, mu, chol);
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
