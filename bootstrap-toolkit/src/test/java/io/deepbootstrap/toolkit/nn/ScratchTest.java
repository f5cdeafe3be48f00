package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The scratch pool gives back the same storage, and borrowing does not lengthen ND4J's chains of view buffers. */
class ScratchTest {

    @Test
    void borrowingAndReleasingManyTimesKeepsTheViewChainShort() {
        INDArray first = Scratch.borrow(DataType.FLOAT, 1_000_003);
        int depth = Scratch.wrapDepth(first);
        Scratch.release(first.reshape('c', new long[] {1_000_003}));
        for (int i = 0; i < 1_000; i++) {
            // the whole buffer or a shorter view of it, reshaped as the layers do, then given back
            INDArray b = Scratch.borrow(DataType.FLOAT, i % 2 == 0 ? 1_000_003 : 999_999 - i % 7);
            b.assign(i);
            Scratch.release(b.reshape('c', 1, b.length()));
        }
        INDArray again = Scratch.borrow(DataType.FLOAT, 1_000_003);
        assertThat(Scratch.wrapDepth(again)).isEqualTo(depth);
        assertThat(again.data().address()).isEqualTo(first.data().address()); // the same storage, no new buffer
        Scratch.release(again);
    }

    @Test
    void releasingAForeignArrayIsRefused() {
        assertThatThrownBy(() -> Scratch.release(Nd4j.create(DataType.FLOAT, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a scratch buffer");
    }
}
