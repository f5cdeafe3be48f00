package io.deepbootstrap.data.synthetic;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Not a test: measures per-example speed of synthetic-images sampling (and, for comparison,
 * gaussian-mixture sampling and fashion-mnist reads), prints class separability, and with a first
 * argument other than {@code -} writes a sample grid PNG (one row per class, 12 samples) there.
 * Optional further arguments: image size, noise. Run after {@code mvn -pl bootstrap-data test-compile}:
 * {@code java -cp target/classes:target/test-classes:<test classpath> io.deepbootstrap.data.synthetic.SyntheticImagesBenchmark [grid.png|-] [size] [noise]}.
 */
public final class SyntheticImagesBenchmark {
    private SyntheticImagesBenchmark() {
    }

    private static void rate(String what, int batch, int d, java.util.function.IntConsumer one) {
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                for (int i = 0; i < batch; i++) {
                    one.accept(i);
                }
                n += batch;
            }
            System.out.printf("%s: %.0f examples/s%n", what, n / ((System.nanoTime() - t0) / 1e9));
        }
    }

    /**
     * @param args [grid.png or -] [image size] [noise]
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        double noise = args.length > 2 ? Double.parseDouble(args[2]) : 0.3;
        SyntheticImages g = new SyntheticImages(size, 3, 10, noise, 0.45, 0.9, 0.6, 15);
        float[] x = new float[128 * g.inputShape().size()];
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                for (int i = 0; i < 128; i++) {
                    g.sample(random, x, i * g.inputShape().size());
                }
                n += 128;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("synthetic-images %s: %.0f examples/s%n", g.inputShape(), n / secs);
        }
        GaussianMixture gm = new GaussianMixture(10, 32, 2.0, 1.0, 0);
        rate("gaussian-mixture 32-d", 128, 32, i -> gm.sample(random, x, i * 32));
        java.nio.file.Path fm = java.nio.file.Path.of("/usr/share/datasets/fashion-mnist");
        if (java.nio.file.Files.isDirectory(fm)) {
            io.deepbootstrap.api.data.ExamplePool pool = io.deepbootstrap.data.idx.IdxSourceFactory.load(
                    fm.resolve("train-images-idx3-ubyte.gz"), fm.resolve("train-labels-idx1-ubyte.gz"), null, null, 10,
                    java.util.List.of(), java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "deep-bootstrap"));
            float[] y = new float[128 * 784];
            rate("fashion-mnist read", 128, 784, i -> pool.read(random.nextInt(60_000), y, i * 784));
        }
        System.out.printf("nearest-class-mean accuracy, pixels: %.3f%n",
                Separability.nearestClassMean(g, Separability.pixels(), 4000, 2000, 7));
        System.out.printf("nearest-class-mean accuracy, amplitude spectrum: %.3f%n",
                Separability.nearestClassMean(g, Separability.spectrum(g.inputShape()), 4000, 2000, 7));
        if (args.length > 0 && !args[0].equals("-")) {
            int scale = 4;
            int cols = 12;
            BufferedImage img = new BufferedImage(cols * (size + 1) * scale, 10 * (size + 1) * scale, BufferedImage.TYPE_INT_RGB);
            float[] one = new float[g.inputShape().size()];
            for (Shape s : Shape.values()) {
                for (int c = 0; c < cols; c++) {
                    g.draw(s, random, one, 0);
                    for (int yy = 0; yy < size * scale; yy++) {
                        for (int xx = 0; xx < size * scale; xx++) {
                            int p = ((yy / scale) * size + xx / scale) * 3;
                            int rgb = 0;
                            for (int ch = 0; ch < 3; ch++) {
                                rgb = (rgb << 8) | Math.round((one[p + ch] + 1) * 127.5f);
                            }
                            img.setRGB(c * (size + 1) * scale + xx, s.ordinal() * (size + 1) * scale + yy, rgb);
                        }
                    }
                }
            }
            ImageIO.write(img, "png", new File(args[0]));
        }
    }
}
