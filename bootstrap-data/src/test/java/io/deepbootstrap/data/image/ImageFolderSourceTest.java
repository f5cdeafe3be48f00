package io.deepbootstrap.data.image;

import static io.deepbootstrap.data.TestDataContext.merged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestDataContext;
import io.deepbootstrap.data.array.MalformedFileException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
    @TempDir
    Path dir;

    private BufferedImage rgb(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    private void write(BufferedImage img, Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
    }

    @Test
    void pngFoldersAreReadByteExactWithSortedClasses() throws IOException {
        BufferedImage a0 = rgb(5, 4, 1);
        BufferedImage a1 = rgb(5, 4, 2);
        BufferedImage b0 = rgb(5, 4, 3);
        write(a1, dir.resolve("train/cat/z.png"), "png");
        write(a0, dir.resolve("train/cat/a.PNG"), "png");
        write(b0, dir.resolve("train/ant/x.png"), "png");
        Files.writeString(dir.resolve("train/ant/readme.txt"), "ignored");
        write(rgb(5, 4, 4), dir.resolve("test/ant/t.png"), "png");
        write(rgb(5, 4, 5), dir.resolve("test/cat/t.jpg"), "jpg");
        ExamplePool pool = (ExamplePool) new ImageFolderSource.Factory().create(merged("image-folder",
                "dir = train, test-dir = test, height = 4, width = 5"), new TestDataContext(dir));
        assertThat(pool.classNames()).containsExactly("ant", "cat");
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.inputShape()).isEqualTo(new InputShape(4, 5, 3));
        float[] f = new float[60];
        BufferedImage[] expected = {b0, a0, a1};
        int[] labels = {0, 1, 1};
        for (int i = 0; i < 3; i++) {
            assertThat(pool.read(i, f, 0)).isEqualTo(labels[i]);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    int rgb = expected[i].getRGB(x, y);
                    int o = (y * 5 + x) * 3;
                    assertThat(f[o]).isEqualTo((rgb >>> 16 & 0xFF) / 127.5f - 1f);
                    assertThat(f[o + 1]).isEqualTo((rgb >>> 8 & 0xFF) / 127.5f - 1f);
                    assertThat(f[o + 2]).isEqualTo((rgb & 0xFF) / 127.5f - 1f);
                }
            }
        }
        ExamplePool test = pool.testPool().orElseThrow();
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.read(1, f, 0)).isEqualTo(1); // the JPEG decodes (lossy, values not compared)
    }

    @Test
    void grayscaleImagesKeepTheirStoredLevels() throws IOException {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = {0, 17, 100, 200, 254, 255};
        for (int k = 0; k < 6; k++) {
            g.getRaster().setSample(k % 3, k / 3, 0, levels[k]);
        }
        write(g, dir.resolve("g/a/0.png"), "png");
        write(g, dir.resolve("g/b/0.png"), "png");
        ExamplePool pool = (ExamplePool) new ImageFolderSource.Factory().create(merged("image-folder",
                "dir = g, height = 2, width = 3, channels = 1"), new TestDataContext(dir));
        float[] f = new float[6];
        assertThat(pool.read(1, f, 0)).isEqualTo(1);
        for (int k = 0; k < 6; k++) {
            assertThat(f[k]).isEqualTo(levels[k] / 127.5f - 1f);
        }
    }

    @Test
    void mismatchedSizesAreRejectedOrResized() throws IOException {
        write(rgb(8, 8, 1), dir.resolve("m/a/big.png"), "png");
        write(rgb(4, 4, 2), dir.resolve("m/b/ok.png"), "png");
        assertThatThrownBy(() -> new ImageFolderSource.Factory().create(merged("image-folder", "dir = m, height = 4, width = 4"),
                new TestDataContext(dir))).isInstanceOf(MalformedFileException.class)
                .hasMessage(dir.resolve("m/a/big.png") + ": image is 8x8 (width x height), expected 4x4; set resize = true to scale images");
        ExamplePool pool = (ExamplePool) new ImageFolderSource.Factory().create(merged("image-folder",
                "dir = m, height = 4, width = 4, resize = true"), new TestDataContext(dir));
        assertThat(pool.size()).isEqualTo(2);
        Files.writeString(dir.resolve("m/b/broken.png"), "not a png");
        assertThatThrownBy(() -> new ImageFolderSource.Factory().create(merged("image-folder", "dir = m, height = 4, width = 4, resize = true"),
                new TestDataContext(dir))).hasMessageStartingWith(dir.resolve("m/b/broken.png").toString());
        assertThatThrownBy(() -> new ImageFolderSource.Factory().create(merged("image-folder", "dir = m, channels = 2"), new TestDataContext(dir)))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("expected 1 (grayscale) or 3 (RGB), got 2");
    }

    @Test
    void sampleGridsArePngsOfTheRightSize() throws IOException {
        InputShape s = new InputShape(2, 3, 1);
        float[] black = new float[6];
        java.util.Arrays.fill(black, -1f);
        float[] white = new float[6];
        java.util.Arrays.fill(white, 1f);
        Path png = dir.resolve("grid/g.png");
        new SampleGrid(s, 2).add(new SampleGrid.Panel("real", List.of(black, white), 1, 2))
                .add(new SampleGrid.Panel("generated", List.of(white, black, white, black), 2, 2)).writePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        int cellW = 3 * 2 + 2;
        assertThat(img.getWidth()).isEqualTo(2 + 2 * (2 * cellW + 8));
        assertThat(img.getHeight()).isEqualTo(18 + 2 * (2 * 2 + 2) + 2);
        assertThat(img.getRGB(2, 18) & 0xFFFFFF).isZero(); // first example black
        assertThat(img.getRGB(2 + cellW, 18) & 0xFFFFFF).isEqualTo(0xFFFFFF); // second white
    }
}
