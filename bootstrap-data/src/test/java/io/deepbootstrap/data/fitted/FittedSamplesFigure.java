package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.data.image.SampleGrid;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Not a test: a program that fits the default {@code pca-gmm} to Fashion-MNIST's 60,000 training images and
 * draws real vs generated examples, one row per class, into {@code docs/images/fitted-samples.png}.
 * Run with the test class path: {@code java -cp ... io.deepbootstrap.data.fitted.FittedSamplesFigure
 * /usr/share/datasets/fashion-mnist docs/images/fitted-samples.png}.
 */
public final class FittedSamplesFigure {
    private static final List<String> NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");

    private FittedSamplesFigure() {
    }

    private static DataInputStream idx(Path file) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        TrainingSet data = read(dir, "train");
        TrainingSet realTest = read(dir, "t10k");
        Config config = ConfigFactory.load().getConfig(ComponentKind.GENERATIVE_MODEL.defaultsPath("pca-gmm"));
        long start = System.nanoTime();
        GenerativeModel model = new PcaGmm.Factory().fit(config, data);
        System.out.printf("fitted pca-gmm %s to %d examples in %.1f s%n", config.root().render(com.typesafe.config.ConfigRenderOptions.concise()),
                data.size(), (System.nanoTime() - start) / 1e9);
        crossCheck(data, realTest, model);
        figure(out, data, model);
    }

    static TrainingSet read(Path dir, String prefix) throws IOException {
        float[] features;
        int[] labels;
        try (DataInputStream x = idx(dir.resolve(prefix + "-images-idx3-ubyte.gz")); DataInputStream y = idx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            if (x.readInt() != 0x803 || y.readInt() != 0x801) {
                throw new IOException("not IDX image/label files");
            }
            int n = x.readInt();
            x.readInt();
            x.readInt();
            y.readInt();
            byte[] pixels = x.readNBytes(n * 784);
            byte[] lab = y.readNBytes(n);
            features = new float[n * 784];
            labels = new int[n];
            for (int i = 0; i < features.length; i++) {
                features[i] = (pixels[i] & 0xFF) / 127.5f - 1f;
            }
            for (int i = 0; i < n; i++) {
                labels[i] = lab[i];
            }
        }
        return new TrainingSet(new InputShape(28, 28, 1), 10, NAMES, features, labels);
    }

    /** Nearest-centroid classifiers: fitted on real or generated training data, scored on real or generated test data. */
    static void crossCheck(TrainingSet real, TrainingSet realTest, GenerativeModel model) {
        int d = real.dimension();
        SplittableRandom random = new SplittableRandom(7);
        TrainingSet generated = draw(model, real.size(), d, random);
        TrainingSet generatedTest = draw(model, realTest.size(), d, random);
        double[][] realCentroids = centroids(real);
        double[][] genCentroids = centroids(generated);
        System.out.printf("nearest-centroid test error: train real/test real %.1f%%, train generated/test real %.1f%%, "
                + "train real/test generated %.1f%%, train generated/test generated %.1f%%%n",
                100 * error(realCentroids, realTest), 100 * error(genCentroids, realTest),
                100 * error(realCentroids, generatedTest), 100 * error(genCentroids, generatedTest));
    }

    private static TrainingSet draw(GenerativeModel model, int n, int d, SplittableRandom random) {
        float[] f = new float[n * d];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = model.sample(random, f, i * d);
            for (int j = i * d; j < (i + 1) * d; j++) {
                f[j] = Math.max(-1f, Math.min(1f, f[j]));
            }
        }
        return new TrainingSet(new InputShape(28, 28, 1), 10, NAMES, f, l);
    }

    private static double[][] centroids(TrainingSet s) {
        int d = s.dimension();
        double[][] c = new double[s.numClasses()][d];
        int[] counts = new int[s.numClasses()];
        for (int i = 0; i < s.size(); i++) {
            counts[s.labels()[i]]++;
            for (int j = 0; j < d; j++) {
                c[s.labels()[i]][j] += s.features()[i * d + j];
            }
        }
        for (int k = 0; k < c.length; k++) {
            for (int j = 0; j < d; j++) {
                c[k][j] /= Math.max(1, counts[k]);
            }
        }
        return c;
    }

    private static double error(double[][] centroids, TrainingSet s) {
        int d = s.dimension();
        int wrong = 0;
        for (int i = 0; i < s.size(); i++) {
            int best = 0;
            double bestDist = Double.MAX_VALUE;
            for (int k = 0; k < centroids.length; k++) {
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double v = s.features()[i * d + j] - centroids[k][j];
                    dist += v * v;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = k;
                }
            }
            if (best != s.labels()[i]) {
                wrong++;
            }
        }
        return (double) wrong / s.size();
    }

    private static void figure(Path out, TrainingSet data, GenerativeModel model) throws IOException {
        float[] features = data.features();
        int[] labels = data.labels();
        InputShape shape = data.shape();
        int perClass = 8;

        List<float[]> real = new ArrayList<>();
        List<float[]> generated = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            int found = 0;
            for (int i = 0; i < labels.length && found < perClass; i++) {
                if (labels[i] == c) {
                    real.add(java.util.Arrays.copyOfRange(features, i * 784, (i + 1) * 784));
                    found++;
                }
            }
        }
        List<List<float[]>> byClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            byClass.add(new ArrayList<>());
        }
        SplittableRandom random = new SplittableRandom(2021);
        int remaining = 10 * perClass;
        while (remaining > 0) {
            float[] f = new float[784];
            int label = model.sample(random, f, 0);
            for (int j = 0; j < f.length; j++) {
                f[j] = Math.max(-1f, Math.min(1f, f[j]));
            }
            if (byClass.get(label).size() < perClass) {
                byClass.get(label).add(f);
                remaining--;
            }
        }
        byClass.forEach(generated::addAll);
        float[] tmp = new float[784];
        long t0 = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            model.sample(random, tmp, 0);
        }
        System.out.printf("sampling: %.0f examples/s (one thread)%n", 20_000 / ((System.nanoTime() - t0) / 1e9));
        new SampleGrid(shape, 2)
                .add(new SampleGrid.Panel("Fashion-MNIST (real), one row per class", real, 10, perClass))
                .add(new SampleGrid.Panel("pca-gmm samples (generated)", generated, 10, perClass))
                .writePng(out);
        System.out.println("wrote " + out);
    }
}
