package io.deepbootstrap.data.idx;

import static io.deepbootstrap.data.idx.IdxFiles.concat;
import static io.deepbootstrap.data.idx.IdxFiles.header;
import static io.deepbootstrap.data.idx.IdxFiles.images;
import static io.deepbootstrap.data.idx.IdxFiles.labels;
import static io.deepbootstrap.data.idx.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestContexts;
import io.deepbootstrap.data.array.MalformedFileException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {

    @TempDir
    Path dir;

    private ExamplePool load(Path images, Path labels, Path testImages, Path testLabels, int classes, List<String> names) {
        return IdxSourceFactory.load(images, labels, testImages, testLabels, classes, names, dir.resolve("cache"));
    }

    @Test
    void readsUbyteImagesScaledToMinusOneOne() {
        Path img = images(dir.resolve("img"), 4, 2, 3);
        Path lbl = labels(dir.resolve("lbl"), 2, 0, 1, 2);
        ExamplePool pool = load(img, lbl, null, null, 3, List.of("a", "b", "c"));
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
                .hasMessageContaining("example 4 outside 0..3");
    }

    @Test
    void extremesOfUbyteMapToMinusOneAndOne() {
        Path img = write(dir.resolve("img"), concat(header(0x08, 1, 2), IdxFiles.ubytes(0, 255)));
        ExamplePool pool = load(img, labels(dir.resolve("lbl"), 1), null, null, 2, List.of());
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
        ExamplePool pool = load(vec, labels(dir.resolve("l"), 0, 4), null, null, 0, List.of());
        assertThat(pool.inputShape()).isEqualTo(InputShape.vector(3));
        assertThat(pool.numClasses()).as("inferred: largest label + 1").isEqualTo(5);
        float[] out = new float[3];
        assertThat(pool.read(1, out, 0)).isEqualTo(4);
        assertThat(out).containsExactly(0.5f, 1f, 1.5f);

        Path nhwc = write(dir.resolve("nhwc"), concat(header(0x08, 1, 2, 2, 3), new byte[12]));
        assertThat(load(nhwc, labels(dir.resolve("l1"), 1), null, null, 2, List.of()).inputShape())
                .isEqualTo(new InputShape(2, 2, 3));

        // signed bytes pass through as -128..127 (only unsigned bytes are scaled)
        Path signed = write(dir.resolve("signed-x"), concat(header(0x09, 2, 2), IdxFiles.ubytes(-128, -1, 0, 127)));
        ExamplePool int8 = load(signed, labels(dir.resolve("l3"), 0, 1), null, null, 2, List.of());
        float[] b = new float[2];
        int8.read(0, b, 0);
        assertThat(b).containsExactly(-128f, -1f);
        int8.read(1, b, 0);
        assertThat(b).containsExactly(0f, 127f);

        // rank 1: one big-endian short per example
        Path scalars = write(dir.resolve("scalars"), concat(header(0x0B, 2), IdxFiles.ubytes(0xFF, 0xFE, 0x01, 0x02)));
        ExamplePool one = load(scalars, labels(dir.resolve("l2"), 0, 1), null, null, 2, List.of());
        assertThat(one.inputShape()).isEqualTo(InputShape.vector(1));
        float[] v = new float[1];
        one.read(0, v, 0);
        assertThat(v[0]).isEqualTo(-2f);
        one.read(1, v, 0);
        assertThat(v[0]).isEqualTo(258f);
    }

    @Test
    void countMismatchNamesBothFilesAndCounts() {
        Path img = images(dir.resolve("img"), 4, 2, 2);
        Path lbl = labels(dir.resolve("lbl"), 0, 1, 0);
        assertThatThrownBy(() -> load(img, lbl, null, null, 2, List.of())).isInstanceOf(MalformedFileException.class)
                .hasMessage(lbl + ": 3 labels for the 4 examples of examples file " + img);
    }

    @Test
    void labelOutOfRangeNamesFileIndexAndOffset() {
        Path img = images(dir.resolve("img"), 3, 2, 2);
        Path lbl = labels(dir.resolve("lbl"), 0, 1, 5);
        assertThatThrownBy(() -> load(img, lbl, null, null, 3, List.of())).isInstanceOf(MalformedFileException.class)
                .hasMessage(lbl + ", byte offset 10: label index 2: label 5 is outside 0..2");
        Path signed = write(dir.resolve("signed"), concat(header(0x09, 3), IdxFiles.ubytes(0, -2, 1)));
        assertThatThrownBy(() -> load(img, signed, null, null, 3, List.of()))
                .hasMessage(signed + ", byte offset 9: label index 1: label -2 is outside 0..2");
        assertThatThrownBy(() -> load(img, signed, null, null, 0, List.of()))
                .hasMessage(signed + ", byte offset 9: label index 1: label -2 is not a class index (0..1000000)");
    }

    @Test
    void testLabelOutOfRangeAndShapeMismatch() {
        Path img = images(dir.resolve("img"), 3, 2, 2);
        Path lbl = labels(dir.resolve("lbl"), 0, 1, 2);
        Path testImg = images(dir.resolve("timg"), 2, 2, 2);
        Path testLbl = labels(dir.resolve("tlbl"), 1, 3);
        assertThatThrownBy(() -> load(img, lbl, testImg, testLbl, 3, List.of()))
                .hasMessage(testLbl + ", byte offset 9: label index 1: label 3 is outside 0..2");
        Path otherShape = images(dir.resolve("t3"), 2, 3, 2);
        Path okLbl = labels(dir.resolve("ok"), 1, 2);
        assertThatThrownBy(() -> load(img, lbl, otherShape, okLbl, 3, List.of()))
                .hasMessage(otherShape + ": test examples of shape 3x2x1, but the training examples file " + img + " has 2x2x1");
    }

    @Test
    void labelsFileMustBeRankOneIntegers() {
        Path img = images(dir.resolve("img"), 2, 2, 2);
        Path rank2 = write(dir.resolve("r2"), concat(header(0x08, 2, 3), new byte[6]));
        assertThatThrownBy(() -> load(img, rank2, null, null, 2, List.of()))
                .hasMessage(rank2 + ": labels must have shape (n,) or (n, 1), found (2, 3)");
        Path floats = write(dir.resolve("fl"), concat(header(0x0D, 2), new byte[8]));
        assertThatThrownBy(() -> load(img, floats, null, null, 2, List.of()))
                .hasMessage(floats + ": labels must have an integer dtype, found >f4 (float32 (big-endian))");
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
                TestContexts.data(dir))).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("train-images")
                .hasMessageContaining("a path is required, got an empty string");
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx",
                "train-images = missing.idx, train-labels = x"), TestContexts.data(dir)))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("train-images")
                .hasMessageContaining(dir.resolve("missing.idx") + ": does not exist");
        images(dir.resolve("i"), 2, 2, 2);
        labels(dir.resolve("l"), 0, 1);
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx",
                "train-images = i, train-labels = l, test-images = i"), TestContexts.data(dir)))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("test-images and test-labels go together: test-images is set but test-labels is empty");
        labels(dir.resolve("l3"), 0, 1, 1);
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "idx",
                "train-images = i, train-labels = l3"), TestContexts.data(dir)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage(dir.resolve("l3") + ": 3 labels for the 2 examples of examples file " + dir.resolve("i"));
    }
}
