package io.deepbootstrap.data.idx;

import static io.deepbootstrap.data.idx.IdxFiles.concat;
import static io.deepbootstrap.data.idx.IdxFiles.header;
import static io.deepbootstrap.data.idx.IdxFiles.images;
import static io.deepbootstrap.data.idx.IdxFiles.labels;
import static io.deepbootstrap.data.idx.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestContexts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxPoolTest {

    @TempDir
    Path dir;

    @Test
    void readsUbyteImagesScaledToMinusOneOne() throws IOException {
        Path img = images(dir.resolve("img"), 4, 2, 3);
        Path lbl = labels(dir.resolve("lbl"), 2, 0, 1, 2);
        IdxPool pool = IdxPool.load(img, lbl, null, null, 3, List.of("a", "b", "c"));
        assertThat(pool.size()).isEqualTo(4);
        assertThat(pool.inputShape()).isEqualTo(new InputShape(2, 3, 1));
        assertThat(pool.numClasses()).isEqualTo(3);
        assertThat(pool.classNames()).containsExactly("a", "b", "c");
        assertThat(pool.testPool()).isEmpty();
        float[] out = new float[10];
        assertThat(pool.read(3, out, 2)).isEqualTo(2);
        for (int j = 0; j < 6; j++) {
            assertThat(out[2 + j]).isEqualTo((3 * 7 + j) / 127.5f - 1f);
        }
        assertThat(out[0]).isZero();
        assertThat(out[8]).isZero();
        assertThatThrownBy(() -> pool.read(4, out, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("example index 4 outside 0..3");
    }

    @Test
    void extremesOfUbyteMapToMinusOneAndOne() throws IOException {
        Path img = write(dir.resolve("img"), concat(header(0x08, 1, 2), IdxFiles.ubytes(0, 255)));
        IdxPool pool = IdxPool.load(img, labels(dir.resolve("lbl"), 1), null, null, 2, List.of());
        float[] out = new float[2];
        pool.read(0, out, 0);
        assertThat(out).containsExactly(-1f, 1f);
        assertThat(pool.classNames()).containsExactly("0", "1");
    }

    @Test
    void floatVectorsPassThroughAndShapeFollowsRank() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < 6; i++) {
                out.writeFloat(i * 0.5f - 1f);
            }
        }
        Path vec = write(dir.resolve("vec"), concat(header(0x0D, 2, 3), bytes.toByteArray()));
        IdxPool pool = IdxPool.load(vec, labels(dir.resolve("l"), 0, 4), null, null, 0, List.of());
        assertThat(pool.inputShape()).isEqualTo(InputShape.vector(3));
        assertThat(pool.numClasses()).as("inferred: largest label + 1").isEqualTo(5);
        float[] out = new float[3];
        assertThat(pool.read(1, out, 0)).isEqualTo(4);
        assertThat(out).containsExactly(0.5f, 1f, 1.5f);

        Path nhwc = write(dir.resolve("nhwc"), concat(header(0x08, 1, 2, 2, 3), new byte[12]));
        assertThat(IdxPool.load(nhwc, labels(dir.resolve("l1"), 1), null, null, 2, List.of()).inputShape())
                .isEqualTo(new InputShape(2, 2, 3));
    }

    @Test
    void countMismatchNamesBothFilesAndCounts() {
        Path img = images(dir.resolve("img"), 4, 2, 2);
        Path lbl = labels(dir.resolve("lbl"), 0, 1, 0);
        assertThatThrownBy(() -> IdxPool.load(img, lbl, null, null, 2, List.of())).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX files disagree on the number of examples: examples file " + img + " holds 4 but"
                        + " labels file " + lbl + " holds 3 labels");
    }

    @Test
    void labelOutOfRange() {
        Path img = images(dir.resolve("img"), 3, 2, 2);
        Path lbl = labels(dir.resolve("lbl"), 0, 1, 5);
        assertThatThrownBy(() -> IdxPool.load(img, lbl, null, null, 3, List.of())).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX file " + lbl + ": label 5 at index 2 is out of range: expected 0..2 for 3 classes");
        Path signed = write(dir.resolve("signed"), concat(header(0x09, 3), IdxFiles.ubytes(0, -2, 1)));
        assertThatThrownBy(() -> IdxPool.load(img, signed, null, null, 3, List.of()))
                .hasMessage("IDX file " + signed + ": label -2 at index 1 is negative; labels must be class numbers 0..k-1");
    }

    @Test
    void testLabelOutOfRangeAndShapeMismatch() {
        Path img = images(dir.resolve("img"), 3, 2, 2);
        Path lbl = labels(dir.resolve("lbl"), 0, 1, 2);
        Path testImg = images(dir.resolve("timg"), 2, 2, 2);
        Path testLbl = labels(dir.resolve("tlbl"), 1, 3);
        assertThatThrownBy(() -> IdxPool.load(img, lbl, testImg, testLbl, 3, List.of()))
                .hasMessage("IDX file " + testLbl + ": label 3 at index 1 is out of range: expected 0..2 for 3 classes");
        Path otherShape = images(dir.resolve("t3"), 2, 3, 2);
        Path okLbl = labels(dir.resolve("ok"), 1, 2);
        assertThatThrownBy(() -> IdxPool.load(img, lbl, otherShape, okLbl, 3, List.of()))
                .hasMessage("IDX test examples file " + otherShape + " has examples of shape 3x2x1 but training"
                        + " examples file " + img + " has 2x2x1");
    }

    @Test
    void labelsFileMustBeRankOneIntegers() {
        Path img = images(dir.resolve("img"), 2, 2, 2);
        Path rank2 = write(dir.resolve("r2"), concat(header(0x08, 2, 1), new byte[2]));
        assertThatThrownBy(() -> IdxPool.load(img, rank2, null, null, 2, List.of()))
                .hasMessage("IDX file " + rank2 + ": a labels file needs exactly 1 dimension, found 2 (2x1)");
        Path floats = write(dir.resolve("fl"), concat(header(0x0D, 2), new byte[8]));
        assertThatThrownBy(() -> IdxPool.load(img, floats, null, null, 2, List.of()))
                .hasMessage("IDX file " + floats + ": a labels file needs an integer type (ubyte, byte, short, int),"
                        + " found float");
    }

    @Test
    void idxFactoryResolvesPathsAndBuildsTestPool() {
        images(dir.resolve("train-img.idx"), 5, 3, 3);
        labels(dir.resolve("train-lbl.idx"), 0, 1, 2, 1, 0);
        images(dir.resolve("test-img.idx"), 2, 3, 3);
        labels(dir.resolve("test-lbl.idx"), 2, 2);
        DataSource source = new IdxSourceFactory().create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx", """
                train-images = train-img.idx
                train-labels = train-lbl.idx
                test-images = test-img.idx
                test-labels = test-lbl.idx
                class-names = [x, y, z]
                """), TestContexts.data(dir));
        assertThat(source).isInstanceOf(ExamplePool.class);
        ExamplePool pool = (ExamplePool) source;
        assertThat(pool.size()).isEqualTo(5);
        assertThat(pool.numClasses()).isEqualTo(3);
        assertThat(pool.classNames()).containsExactly("x", "y", "z");
        ExamplePool test = pool.testPool().orElseThrow();
        assertThat(test.size()).isEqualTo(2);
        float[] out = new float[9];
        assertThat(test.read(1, out, 0)).isEqualTo(2);
        assertThat(out[0]).isEqualTo(7 / 127.5f - 1f);
    }

    @Test
    void idxFactoryErrors() {
        IdxSourceFactory f = new IdxSourceFactory();
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx", "train-labels = x"),
                TestContexts.data(dir))).isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("train-images")
                .hasMessageContaining("expected the path of an IDX file, got an empty string");
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx",
                "train-images = missing.idx, train-labels = x"), TestContexts.data(dir)))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("IDX file " + dir.resolve("missing.idx") + " does not exist");
        images(dir.resolve("i"), 2, 2, 2);
        labels(dir.resolve("l"), 0, 1);
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx",
                "train-images = i, train-labels = l, test-images = i"), TestContexts.data(dir)))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("test-images and test-labels go together: test-images is set but test-labels is empty");
        labels(dir.resolve("l3"), 0, 1, 1);
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx",
                "train-images = i, train-labels = l3"), TestContexts.data(dir)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("holds 2 but labels file " + dir.resolve("l3") + " holds 3 labels");
    }
}
