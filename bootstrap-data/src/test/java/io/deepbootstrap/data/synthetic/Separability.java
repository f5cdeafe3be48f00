package io.deepbootstrap.data.synthetic;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Plain-Java checks of how separable a generator's classes are (no network). */
final class Separability {
    private Separability() {
    }

    /** Raw pixels. */
    static Function<float[], double[]> pixels() {
        return x -> {
            double[] d = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                d[i] = x[i];
            }
            return d;
        };
    }

    /**
     * Translation-invariant features: the amplitude spectrum (2-D DFT magnitude, summed power over
     * channels) of the image, L2-normalised. Invariant to circular shifts and to colour polarity.
     */
    static Function<float[], double[]> spectrum(InputShape shape) {
        int h = shape.height();
        int w = shape.width();
        int ch = shape.channels();
        double[] cosW = new double[w * w];
        double[] sinW = new double[w * w];
        for (int k = 0; k < w; k++) {
            for (int xx = 0; xx < w; xx++) {
                cosW[k * w + xx] = Math.cos(-2 * Math.PI * k * xx / w);
                sinW[k * w + xx] = Math.sin(-2 * Math.PI * k * xx / w);
            }
        }
        double[] cosH = new double[h * h];
        double[] sinH = new double[h * h];
        for (int l = 0; l < h; l++) {
            for (int y = 0; y < h; y++) {
                cosH[l * h + y] = Math.cos(-2 * Math.PI * l * y / h);
                sinH[l * h + y] = Math.sin(-2 * Math.PI * l * y / h);
            }
        }
        return x -> {
            double[] power = new double[h * w];
            double[] re = new double[h * w];
            double[] im = new double[h * w];
            double[] tre = new double[h * w];
            double[] tim = new double[h * w];
            for (int c = 0; c < ch; c++) {
                double mean = 0;
                for (int p = 0; p < h * w; p++) {
                    mean += x[p * ch + c];
                }
                mean /= h * w;
                // rows
                for (int y = 0; y < h; y++) {
                    for (int k = 0; k < w; k++) {
                        double sr = 0;
                        double si = 0;
                        for (int xx = 0; xx < w; xx++) {
                            double v = x[(y * w + xx) * ch + c] - mean;
                            sr += v * cosW[k * w + xx];
                            si += v * sinW[k * w + xx];
                        }
                        tre[y * w + k] = sr;
                        tim[y * w + k] = si;
                    }
                }
                // columns
                for (int k = 0; k < w; k++) {
                    for (int l = 0; l < h; l++) {
                        double sr = 0;
                        double si = 0;
                        for (int y = 0; y < h; y++) {
                            double cr = cosH[l * h + y];
                            double cs = sinH[l * h + y];
                            sr += tre[y * w + k] * cr - tim[y * w + k] * cs;
                            si += tre[y * w + k] * cs + tim[y * w + k] * cr;
                        }
                        re[l * w + k] = sr;
                        im[l * w + k] = si;
                    }
                }
                for (int p = 0; p < h * w; p++) {
                    power[p] += re[p] * re[p] + im[p] * im[p];
                }
            }
            double norm = 0;
            for (int p = 0; p < h * w; p++) {
                power[p] = Math.sqrt(power[p]);
                norm += power[p] * power[p];
            }
            norm = Math.sqrt(norm) + 1e-12;
            for (int p = 0; p < h * w; p++) {
                power[p] /= norm;
            }
            return power;
        };
    }

    /** Accuracy of a nearest-class-mean classifier fitted on {@code train} fresh samples, tested on {@code test}. */
    static double nearestClassMean(ExampleGenerator g, Function<float[], double[]> features, int train, int test, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int k = g.numClasses();
        float[] x = new float[g.inputShape().size()];
        double[][] means = null;
        int[] counts = new int[k];
        for (int i = 0; i < train; i++) {
            int y = g.sample(random, x, 0);
            double[] f = features.apply(x);
            if (means == null) {
                means = new double[k][f.length];
            }
            for (int j = 0; j < f.length; j++) {
                means[y][j] += f[j];
            }
            counts[y]++;
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < means[c].length; j++) {
                means[c][j] /= Math.max(1, counts[c]);
            }
        }
        int correct = 0;
        for (int i = 0; i < test; i++) {
            int y = g.sample(random, x, 0);
            double[] f = features.apply(x);
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double d = 0;
                for (int j = 0; j < f.length; j++) {
                    double e = f[j] - means[c][j];
                    d += e * e;
                }
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            if (best == y) {
                correct++;
            }
        }
        return correct / (double) test;
    }
}
