package io.deepbootstrap.data.synthetic;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Not a test: measures synthetic-images sampling speed and prints class separability; with an argument,
 * writes a sample grid PNG (10 rows of classes x 12 samples) there.
 * Run: {@code mvn -pl bootstrap-data test-compile exec:java} is not configured; use
 * {@code java -cp target/classes:target/test-classes:<deps> io.deepbootstrap.data.synthetic.SyntheticImagesBenchmark [grid.png]}.
 */
public final class SyntheticImagesBenchmark {
    private SyntheticImagesBenchmark() {
    }

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
