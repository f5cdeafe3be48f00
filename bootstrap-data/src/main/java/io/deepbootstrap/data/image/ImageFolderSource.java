package io.deepbootstrap.data.image;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.FileKeys;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.MalformedFileException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pool of labelled images stored as one sub-folder per class of PNG or JPEG files ({@code .png},
 * {@code .jpg}, {@code .jpeg}, any case), decoded with {@code javax.imageio}. Classes are the sub-folder
 * names in sorted order; files are read in sorted order. Every image must be {@code height × width}; with
 * {@code resize = true} other sizes are scaled (bilinear) to it, otherwise they are an error naming the
 * file and its size. {@code channels = 3} gives RGB (alpha is dropped; grayscale images are expanded),
 * {@code channels = 1} gives luminance. All images are decoded once at creation into a compact byte array
 * (h × w × c bytes per image on the heap), so this source suits folders that fit in memory; convert larger
 * sets to NPZ (see {@code Cifar5mWriter}) and use the memory-mapped {@code npz} source.
 */
public final class ImageFolderSource implements ExamplePool {
    private final InputShape shape;
    private final List<String> classNames;
    private final byte[] pixels;
    private final int[] labels;
    private final Optional<ExamplePool> testPool;

    private ImageFolderSource(InputShape shape, List<String> classNames, byte[] pixels, int[] labels, Optional<ExamplePool> testPool) {
        this.shape = shape;
        this.classNames = classNames;
        this.pixels = pixels;
        this.labels = labels;
        this.testPool = testPool;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /**
     * Reads a folder of class sub-folders.
     *
     * @param dir the folder
     * @param shape the size every image must have (or is scaled to)
     * @param resize scale images of other sizes instead of rejecting them
     * @param expectedClasses class names the folder must have (for a test folder), or {@code null}
     * @param test the designated test pool, or empty
     * @return the pool
     * @throws DataFileException naming the file or folder if one cannot be read, or (as a
     *     {@link MalformedFileException}) if an image cannot be decoded, is truncated or has the wrong size
     */
    public static ImageFolderSource read(Path dir, InputShape shape, boolean resize, List<String> expectedClasses,
            Optional<ExamplePool> test) {
        if (!Files.isDirectory(dir)) {
            throw new MalformedFileException(dir.toString(), null, -1, "not a directory: expected one sub-folder of images per class");
        }
        List<Path> classDirs = classFolders(dir);
        List<String> names = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        if (expectedClasses != null && !names.equals(expectedClasses)) {
            throw new MalformedFileException(dir.toString(), null, -1, "class folders " + names + " differ from the training folders " + expectedClasses);
        }
        if (names.size() < 2) {
            throw new MalformedFileException(dir.toString(), null, -1, "expected at least 2 class sub-folders, found " + names);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            for (Path f : list(classDirs.get(c)).stream().filter(ImageFolderSource::isImage).toList()) {
                files.add(f);
                fileLabels.add(c);
            }
        }
        if (files.isEmpty()) {
            throw new MalformedFileException(dir.toString(), null, -1, "no .png/.jpg/.jpeg images in the class folders " + names);
        }
        long total = (long) files.size() * shape.size();
        if (total > Integer.MAX_VALUE - 8) {
            throw new MalformedFileException(dir.toString(), null, -1, files.size() + " images of " + shape
                    + " do not fit in one heap array; convert them to an uncompressed .npz and use type = npz");
        }
        byte[] pixels = new byte[(int) total];
        int[] labels = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            labels[i] = fileLabels.get(i);
            decode(files.get(i), shape, resize, pixels, i * shape.size());
        }
        return new ImageFolderSource(shape, names, pixels, labels, test);
    }

    private static List<Path> classFolders(Path dir) {
        return list(dir).stream().filter(Files::isDirectory).toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw DataFileException.io(dir, null, "cannot list", e);
        }
    }

    private static void decode(Path file, InputShape shape, boolean resize, byte[] dst, int offset) {
        BufferedImage img = ImageFiles.read(file);
        int h = shape.height();
        int w = shape.width();
        if (img.getHeight() != h || img.getWidth() != w) {
            if (!resize) {
                throw new MalformedFileException(file.toString(), null, -1, "image is " + img.getWidth() + "x" + img.getHeight()
                        + " (width x height), expected " + w + "x" + h + "; set resize = true to scale images");
            }
            BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
            g.dispose();
            img = scaled;
        }
        int c = shape.channels();
        // 8-bit grayscale: use the stored samples (getRGB would apply a gamma conversion)
        boolean gray = img.getRaster().getNumBands() == 1 && img.getColorModel().getComponentSize(0) == 8;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    byte v = (byte) img.getRaster().getSample(x, y, 0);
                    int o = offset + (y * w + x) * c;
                    for (int k = 0; k < c; k++) {
                        dst[o + k] = v;
                    }
                    continue;
                }
                int rgb = img.getRGB(x, y);
                int r = rgb >>> 16 & 0xFF;
                int gr = rgb >>> 8 & 0xFF;
                int b = rgb & 0xFF;
                int o = offset + (y * w + x) * c;
                if (c == 1) {
                    dst[o] = (byte) Math.round(0.299f * r + 0.587f * gr + 0.114f * b);
                } else {
                    dst[o] = (byte) r;
                    dst[o + 1] = (byte) gr;
                    dst[o + 2] = (byte) b;
                }
            }
        }
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public long size() {
        return labels.length;
    }

    @Override
    public int read(long index, float[] features, int offset) {
        int n = shape.size();
        int base = Math.toIntExact(index) * n;
        for (int j = 0; j < n; j++) {
            features[offset + j] = (pixels[base + j] & 0xFF) / 127.5f - 1f;
        }
        return labels[(int) index];
    }

    @Override
    public Optional<ExamplePool> testPool() {
        return testPool;
    }

    /** {@code type = image-folder}. */
    public static final class Factory implements DataSourceFactory {
        @Override
        public String name() {
            return "image-folder";
        }

        @Override
        public String description() {
            return "pool of PNG/JPEG images, one sub-folder per class (decoded onto the heap)";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            int channels = ConfigValues.integer(config, "channels");
            if (channels != 1 && channels != 3) {
                throw ConfigValues.bad(config, "channels", "expected 1 (grayscale) or 3 (RGB), got " + channels);
            }
            InputShape shape = new InputShape(ConfigValues.intAtLeast(config, "height", 1), ConfigValues.intAtLeast(config, "width", 1), channels);
            boolean resize = ConfigValues.bool(config, "resize");
            Path dir = FileKeys.directory(config, "dir", context);
            Optional<ExamplePool> test = Optional.empty();
            List<String> names = null;
            if (!config.getString("test-dir").isBlank()) {
                names = classFolders(dir).stream().map(p -> p.getFileName().toString()).toList();
                test = Optional.of(read(FileKeys.directory(config, "test-dir", context), shape, resize, names, Optional.empty()));
            }
            return read(dir, shape, resize, names, test);
        }
    }
}
