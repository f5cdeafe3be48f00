package io.deepbootstrap.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointFileTest {
    @TempDir
    Path dir;

    private static StateTree sample() {
        StateTree root = new StateTree();
        root.putInt("step", 417);
        root.putLong("position", -3_000_000_000_000L);
        root.putDouble("nan", Double.longBitsToDouble(0x7ff8000000000123L)); // a NaN with payload
        root.putDouble("tiny", Double.MIN_VALUE);
        root.putBoolean("flag", true);
        root.putString("text", "curve ✓ with a, comma\nand a line break");
        root.putInts("order", new int[] {3, 1, 2, 0});
        root.putLongs("ids", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE});
        root.putDoubles("window", new double[] {0.25, Double.NEGATIVE_INFINITY});
        StateTree net = root.section("network");
        net.putArray("w", Nd4j.create(new float[] {1.5f, -0f, Float.MIN_VALUE, 7, 8, 9}, new long[] {2, 3}, 'c'));
        net.putArray("d", Nd4j.create(new double[] {Math.PI, Math.E}, new long[] {2}, 'c'));
        net.section("empty");
        return root;
    }

    @Test
    void everyKindOfValueComesBackBitForBit() throws IOException {
        Path file = dir.resolve("run.ckpt");
        StateTree saved = sample();
        CheckpointFile.write(file, "run", saved);
        StateTree read = CheckpointFile.read(file, "run");

        assertThat(read.sameAs(saved)).isTrue();
        assertThat(read.names()).containsExactly("step", "position", "nan", "tiny", "flag", "text", "order", "ids",
                "window", "network");
        assertThat(read.getInt("step")).isEqualTo(417);
        assertThat(read.getLong("position")).isEqualTo(-3_000_000_000_000L);
        assertThat(Double.doubleToRawLongBits(read.getDouble("nan"))).isEqualTo(0x7ff8000000000123L);
        assertThat(read.getString("text")).isEqualTo("curve ✓ with a, comma\nand a line break");
        assertThat(read.getInts("order")).containsExactly(3, 1, 2, 0);
        assertThat(read.getLongs("ids")).containsExactly(Long.MIN_VALUE, 0, Long.MAX_VALUE);
        INDArray w = read.getSection("network").getArray("w");
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(w.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(w.getFloat(0, 2)).isEqualTo(Float.MIN_VALUE);
        assertThat(Float.floatToRawIntBits(w.getFloat(0, 1))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(read.getSection("network").getArray("d").dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(read.getSection("network").getSection("empty").names()).isEmpty();
    }

    @Test
    void aChangedValueIsNotTheSameTree() {
        StateTree a = sample();
        StateTree b = sample();
        assertThat(a.sameAs(b)).isTrue();
        b.getSection("network").putInt("extra", 1);
        assertThat(a.sameAs(b)).isFalse();
    }

    @Test
    void valuesAreSnapshotsOfTheArraysPutIn() {
        StateTree t = new StateTree();
        int[] order = {1, 2, 3};
        INDArray w = Nd4j.create(new float[] {1, 2}, new long[] {2}, 'c');
        t.putInts("order", order);
        t.putArray("w", w);
        order[0] = 99;
        w.putScalar(0, 42f);
        assertThat(t.getInts("order")).containsExactly(1, 2, 3);
        assertThat(t.getArray("w").getFloat(0)).isEqualTo(1f);
    }

    @Test
    void everyTruncationAndEveryFlippedByteIsAnErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.write(file, "run", sample());
        byte[] bytes = Files.readAllBytes(file);
        Path broken = dir.resolve("broken.ckpt");
        for (int cut = 0; cut < bytes.length; cut++) {
            Files.write(broken, Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> CheckpointFile.read(broken, "run")).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(broken.toString());
        }
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x10;
            Files.write(broken, flipped);
            assertThatThrownBy(() -> CheckpointFile.read(broken, "run")).as("byte %d flipped", i)
                    .isInstanceOf(IOException.class).hasMessageStartingWith(broken.toString());
        }
        Files.write(broken, Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> CheckpointFile.read(broken, "run")).hasMessageContaining("after the checksum");
    }

    @Test
    void anotherKindOrAMissingFileIsRefused() throws IOException {
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.write(file, "run", sample());
        assertThatThrownBy(() -> CheckpointFile.read(file, "pretraining"))
                .hasMessage(file + ": holds a 'run' checkpoint, expected 'pretraining'");
        assertThatThrownBy(() -> CheckpointFile.read(dir.resolve("none.ckpt"), "run"))
                .hasMessage(dir.resolve("none.ckpt") + ": no such file");
    }

    @Test
    void writingReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.write(file, "run", sample());
        StateTree second = new StateTree();
        second.putInt("step", 2);
        CheckpointFile.write(file, "run", second);
        assertThat(CheckpointFile.read(file, "run").getInt("step")).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("run.ckpt");
        }
    }

    @Test
    void aMissingOrMistypedValueNamesItsPath() {
        StateTree root = sample();
        assertThatThrownBy(() -> root.getSection("network").getLong("steps"))
                .isInstanceOf(CheckpointException.class).hasMessage("checkpoint value network/steps is missing");
        assertThatThrownBy(() -> root.getLong("step"))
                .hasMessage("checkpoint value step is a integer, expected a long");
        assertThatThrownBy(() -> root.getSection("network").copyArrayInto("w", Nd4j.create(DataType.FLOAT, 3, 2)))
                .hasMessage("checkpoint value network/w has shape [2, 3], expected [3, 2]");
        assertThatThrownBy(() -> root.putInt("step", 1)).hasMessageContaining("step written twice");
    }

    @Test
    void copyArrayIntoFillsALiveView() {
        StateTree t = new StateTree();
        t.putArray("row", Nd4j.create(new double[] {3, 4}, new long[] {2}, 'c'));
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, 3, 2);
        t.copyArrayInto("row", matrix.getRow(1));
        assertThat(matrix.reshape(6).toFloatVector()).containsExactly(0, 0, 3, 4, 0, 0);
    }
}
