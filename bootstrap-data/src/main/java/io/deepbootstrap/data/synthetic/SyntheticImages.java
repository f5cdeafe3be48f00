package io.deepbootstrap.data.synthetic;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generates labelled images whose class is a {@link Shape} (shape or texture), drawn at a random
 * position, size, small rotation, random foreground and background colours, with additive Gaussian
 * noise; values are clipped to [-1, 1]. Because the class does not depend on where the object is,
 * translation-invariant models (CNNs) learn it from fewer steps than fully-connected ones.
 *
 * <p>Drawing uses signed-distance functions evaluated at pixel centres, with a one-pixel soft edge
 * (cheap anti-aliasing). All randomness comes from the {@link RandomGenerator} passed to
 * {@link #sample}; the instance holds no mutable state and is thread-safe.
 *
 * <p>Per example, in this order: label (uniform), object size {@code U[scaleMin, scaleMax] * imageSize},
 * centre (uniform such that the object's bounding circle stays inside the image), rotation
 * {@code U[-maxRotation, maxRotation]} degrees, background and foreground colours (uniform in [-1, 1]
 * per channel, redrawn until the largest channel difference is at least {@code minContrast}), shape
 * parameters (stripe period and phase), then one Gaussian per value for the noise.
 */
public final class SyntheticImages implements ExampleGenerator {

    private static final double TWO_PI = 2 * Math.PI;
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    private final int size;
    private final int channels;
    private final int classes;
    private final double noise;
    private final double scaleMin;
    private final double scaleMax;
    private final double minContrast;
    private final double maxRotation;
    private final InputShape shape;
    private final List<String> classNames;
    private final ThreadLocal<double[]> colours;

    /**
     * @param size image height and width in pixels, at least 4
     * @param channels channels per pixel, at least 1
     * @param classes number of classes (the first {@code classes} shapes), 2..{@code Shape.values().length}
     * @param noise standard deviation of the additive noise, at least 0
     * @param scaleMin smallest object size as a fraction of the image side, in (0, 1]
     * @param scaleMax largest object size as a fraction of the image side, in [scaleMin, 1]
     * @param minContrast smallest difference between foreground and background colour, in its largest
     *     channel, in [0, 1.9]
     * @param maxRotationDegrees largest absolute rotation in degrees, in [0, 180]
     */
    public SyntheticImages(int size, int channels, int classes, double noise, double scaleMin, double scaleMax,
                           double minContrast, double maxRotationDegrees) {
        if (size < 4 || channels < 1 || classes < 2 || classes > Shape.values().length || noise < 0
                || !(scaleMin > 0) || scaleMax < scaleMin || scaleMax > 1 || minContrast < 0 || minContrast > 1.9
                || maxRotationDegrees < 0 || maxRotationDegrees > 180) {
            throw new IllegalArgumentException("invalid synthetic-images parameters: size " + size + ", channels "
                    + channels + ", classes " + classes + ", noise " + noise + ", scale " + scaleMin + ".." + scaleMax
                    + ", min-contrast " + minContrast + ", max-rotation " + maxRotationDegrees);
        }
        this.size = size;
        this.channels = channels;
        this.classes = classes;
        this.noise = noise;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.minContrast = minContrast;
        this.maxRotation = Math.toRadians(maxRotationDegrees);
        this.shape = new InputShape(size, size, channels);
        this.classNames = Arrays.stream(Shape.values()).limit(classes).map(Shape::id).toList();
        this.colours = ThreadLocal.withInitial(() -> new double[2 * channels]);
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int sample(RandomGenerator random, float[] features, int offset) {
        int label = random.nextInt(classes);
        draw(Shape.values()[label], random, features, offset);
        return label;
    }

    /**
     * Draws one image of the given shape (whatever {@code classes} is), e.g. for sample grids.
     *
     * @param s the shape
     * @param random randomness for position, size, colours and noise
     * @param features destination
     * @param offset where the image's {@code size * size * channels} floats (NHWC) start
     */
    public void draw(Shape s, RandomGenerator random, float[] features, int offset) {
        double objectSize = size * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
        double r = objectSize / 2;
        double cx = centre(random, r);
        double cy = centre(random, r);
        double angle = maxRotation == 0 ? 0 : maxRotation * (2 * random.nextDouble() - 1);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[] col = colours.get();
        drawColours(random, col);
        // shape parameters
        double thickness = Math.max(1.0, 0.3 * r);
        double period = Math.max(3.0, objectSize * (0.25 + 0.2 * random.nextDouble()));
        double freq = TWO_PI / period;
        double phase = TWO_PI * random.nextDouble();
        double phase2 = TWO_PI * random.nextDouble();
        boolean flipDiagonal = s == Shape.DIAGONAL_STRIPES && random.nextBoolean();

        int o = offset;
        for (int y = 0; y < size; y++) {
            double dy = y + 0.5 - cy;
            for (int x = 0; x < size; x++) {
                double dx = x + 0.5 - cx;
                double u = cos * dx + sin * dy;
                double v = -sin * dx + cos * dy;
                double m = switch (s) {
                    case DISC -> edge(Math.sqrt(u * u + v * v) - r);
                    case RING -> edge(Math.abs(Math.sqrt(u * u + v * v) - (r - thickness / 2)) - thickness / 2);
                    case SQUARE_OUTLINE -> {
                        double half = 0.85 * r;
                        yield edge(Math.abs(Math.max(Math.abs(u), Math.abs(v)) - (half - thickness / 2)) - thickness / 2);
                    }
                    case FILLED_SQUARE -> edge(Math.max(Math.abs(u), Math.abs(v)) - 0.85 * r);
                    case CROSS -> {
                        double t = Math.max(1.2, 0.35 * r) / 2;
                        double au = Math.abs(u);
                        double av = Math.abs(v);
                        yield edge(Math.min(Math.max(au - t, av - r), Math.max(av - t, au - r)));
                    }
                    case HORIZONTAL_STRIPES -> patch(u, v, r) * stripe(Math.sin(freq * v + phase));
                    case VERTICAL_STRIPES -> patch(u, v, r) * stripe(Math.sin(freq * u + phase));
                    case DIAGONAL_STRIPES -> patch(u, v, r)
                            * stripe(Math.sin(freq * INV_SQRT2 * (flipDiagonal ? u - v : u + v) + phase));
                    case CHECKERBOARD -> patch(u, v, r)
                            * stripe(2 * Math.sin(freq * u + phase) * Math.sin(freq * v + phase2));
                    case TRIANGLE -> {
                        // equilateral, apex up (y grows downwards), circumradius r, inradius r/2
                        double d = Math.max(v, Math.max(-0.8660254037844386 * u - 0.5 * v,
                                0.8660254037844386 * u - 0.5 * v)) - r / 2;
                        yield edge(d);
                    }
                };
                for (int c = 0; c < channels; c++) {
                    double bg = col[c];
                    double value = bg + (col[channels + c] - bg) * m;
                    if (noise > 0) {
                        value += noise * random.nextGaussian();
                    }
                    features[o++] = (float) (value < -1 ? -1 : value > 1 ? 1 : value);
                }
            }
        }
    }

    private double centre(RandomGenerator random, double r) {
        double span = size - 2 * r;
        return span <= 0 ? size / 2.0 : r + span * random.nextDouble();
    }

    /** Background in col[0..C), foreground in col[C..2C), largest channel difference >= minContrast. */
    private void drawColours(RandomGenerator random, double[] col) {
        for (int attempt = 0; ; attempt++) {
            double maxDiff = 0;
            for (int c = 0; c < channels; c++) {
                col[c] = 2 * random.nextDouble() - 1;
                col[channels + c] = 2 * random.nextDouble() - 1;
                maxDiff = Math.max(maxDiff, Math.abs(col[channels + c] - col[c]));
            }
            if (maxDiff >= minContrast) {
                return;
            }
            if (attempt == 1000) { // practically unreachable for minContrast <= 1.9; keep a valid image
                col[channels] = col[0] >= 0 ? -1 : 1;
                return;
            }
        }
    }

    /** Coverage of a pixel whose centre is at signed distance d (negative inside), soft over one pixel. */
    private static double edge(double d) {
        double m = 0.5 - d;
        return m <= 0 ? 0 : m >= 1 ? 1 : m;
    }

    private static double patch(double u, double v, double r) {
        return edge(Math.max(Math.abs(u), Math.abs(v)) - 0.85 * r);
    }

    private static double stripe(double w) {
        double m = 0.5 + 1.5 * w;
        return m <= 0 ? 0 : m >= 1 ? 1 : m;
    }

    @Override
    public String toString() {
        return "SyntheticImages[" + shape + ", " + classes + " classes, noise " + noise + ", scale " + scaleMin + ".."
                + scaleMax + "]";
    }
}
