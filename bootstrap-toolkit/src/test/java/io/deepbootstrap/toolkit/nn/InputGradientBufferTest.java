package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's input-gradient buffer is sized by the backward passes it has had, not by the largest batch the
 * network was allocated for (which evaluation batches set): a network trained on batches of 16 and 40 rows
 * holds 16- and then 40-row buffers, never 64, and its parameter gradients are the same as those of a network whose
 * buffers were allocated for 64 rows first.
 */
class InputGradientBufferTest {
    private static final int MAX_BATCH = 64;
    private static final long[] SHAPE = {8, 8, 3};

    private static Sequential network() {
        List<Layer> layers = new ArrayList<>(List.of(Conv2d.same(8, 3), new Relu(), Pool2d.max(2, 2), Conv2d.same(16, 3),
                new Relu(), new Flatten(), new Dense(12), new Relu(), new Dense(5)));
        return Sequential.of(SHAPE, layers, 11, MAX_BATCH, DataType.FLOAT);
    }

    private static INDArray input(long n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, SHAPE[0], SHAPE[1], SHAPE[2]).subi(0.5);
    }

    private static INDArray gradOut(long n, long seed) {
        Nd4j.getRandom().setSeed(seed + 1000);
        return Nd4j.rand(DataType.FLOAT, n, 5).subi(0.5);
    }

    /**
     * @return the parameter gradients of one forward/backward pass, copied (they depend on every layer's input
     *     gradient but the first's, which the network does not compute)
     */
    private static INDArray step(Sequential net, int n, long seed) {
        net.forward(input(n, seed), true);
        net.backward(gradOut(n, seed));
        return net.parameters().gradients().dup();
    }

    /** @return the row counts of the input-gradient buffers allocated so far */
    private static List<Long> bufferRows(Sequential net) {
        List<Long> rows = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l instanceof AbstractLayer a && a.gradInput != null) {
                rows.add(a.gradInput.size(0));
            }
        }
        return rows;
    }

    @Test
    void buffersFollowTheBackwardBatchesAndGradientsAreUnchanged() {
        try (Sequential grown = network(); Sequential full = network()) {
            step(full, MAX_BATCH, 1); // the reference's buffers hold 64 rows from its first backward pass
            assertThat(bufferRows(full)).isNotEmpty().allMatch(r -> r == MAX_BATCH);

            INDArray a16 = step(grown, 16, 2);
            assertThat(bufferRows(grown)).as("after a 16-row backward pass").isNotEmpty().allMatch(r -> r == 16);
            INDArray b16 = step(full, 16, 2);
            INDArray a40 = step(grown, 40, 3);
            assertThat(bufferRows(grown)).as("after a 40-row backward pass").allMatch(r -> r == 40);
            INDArray b40 = step(full, 40, 3);
            INDArray a8 = step(grown, 8, 4); // smaller again: the 40-row buffer is kept
            assertThat(bufferRows(grown)).allMatch(r -> r == 40);
            INDArray b8 = step(full, 8, 4);

            assertThat(a16).as("parameter gradients, 16 rows").isEqualTo(b16);
            assertThat(a40).as("parameter gradients, 40 rows").isEqualTo(b40);
            assertThat(a8).as("parameter gradients, 8 rows").isEqualTo(b8);
        }
    }
}
