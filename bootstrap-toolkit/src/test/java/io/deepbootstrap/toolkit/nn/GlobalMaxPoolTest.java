package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GlobalMaxPoolTest {

    @Test
    void takesTheMaximumOfEachChannelOverHeightAndWidth() {
        GlobalMaxPool pool = new GlobalMaxPool();
        assertThat(pool.build(new long[] {2, 3, 2})).containsExactly(2);
        pool.allocate(2, DataType.DOUBLE);
        // example 0: channel 0 holds 0..5 (max 5 at h=1, w=2), channel 1 holds -(0..5) (max 0 at h=0, w=0)
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 2, 3, 2);
        for (int h = 0; h < 2; h++) {
            for (int w = 0; w < 3; w++) {
                x.putScalar(new int[] {0, h, w, 0}, h * 3 + w);
                x.putScalar(new int[] {0, h, w, 1}, -(h * 3 + w));
                x.putScalar(new int[] {1, h, w, 0}, h == 0 && w == 1 ? 9 : 1);
                x.putScalar(new int[] {1, h, w, 1}, 7 - w - 3 * h);
            }
        }
        INDArray out = pool.forward(x, true);
        assertThat(out.shape()).containsExactly(2, 2);
        assertThat(out.toDoubleMatrix()).isDeepEqualTo(new double[][] {{5, 0}, {9, 7}});

        INDArray g = pool.backward(Nd4j.create(new double[][] {{1, 2}, {3, 4}}), true);
        assertThat(g.getDouble(0, 1, 2, 0)).isEqualTo(1);
        assertThat(g.getDouble(0, 0, 0, 1)).isEqualTo(2);
        assertThat(g.getDouble(1, 0, 1, 0)).isEqualTo(3);
        assertThat(g.getDouble(1, 0, 0, 1)).isEqualTo(4);
        assertThat(g.sumNumber().doubleValue()).as("every other position gets 0").isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void gradientMatchesCentralDifferencesInFloat64() {
        // a convolution in front makes the pooled maxima depend on parameters too; random inputs have no ties
        assertThat(GradientCheck.failures(new long[] {5, 4, 3}, List.of(Conv2d.same(4, 3), new GlobalMaxPool(),
                new Dense(3)), 25, 25, (analytic, numeric) ->
                Math.abs(analytic - numeric) <= 1e-6 * Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-8)).isEmpty();
    }

    @Test
    void needsImages() {
        assertThatThrownBy(() -> new GlobalMaxPool().build(new long[] {5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("global-max-pool needs image (h, w, c) inputs");
    }
}
