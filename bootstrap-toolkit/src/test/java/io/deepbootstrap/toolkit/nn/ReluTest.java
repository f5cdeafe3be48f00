package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java ReLU: {@code max(x, 0)} in place (NaN stays NaN), and a backward pass that passes the gradient exactly where
 * the output is positive, down to the smallest subnormal float, and zeroes it elsewhere; in float and double.
 */
class ReluTest {
    private static final float[] X = {-3f, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-38f, 2.5f, Float.MAX_VALUE,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 7f};

    @Test
    void forwardAndBackwardMatchTheDefinitionElementByElement() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            // 3 rows of 5000: more than one chunk, the last one partial
            int width = 5000;
            float[] x = new float[3 * width];
            float[] g = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i < X.length ? X[i] : (float) Math.sin(i * 0.37) * (i % 7);
                g[i] = 1.5f + (i % 11);
            }
            try (Sequential net = Sequential.of(new long[] {width}, List.of(new Relu()), 1, 3, t)) {
                INDArray in = Nd4j.createFromArray(x).castTo(t).reshape('c', 3, width);
                INDArray y = net.forward(in, true);
                assertThat(y).isSameAs(in);
                double[] out = y.dup().data().asDouble();
                INDArray gi = net.backward(Nd4j.createFromArray(g).castTo(t).reshape('c', 3, width));
                double[] dx = gi.dup().data().asDouble();
                for (int i = 0; i < x.length; i++) {
                    double v = x[i];
                    if (Double.isNaN(v)) {
                        assertThat(out[i]).as("%s relu(NaN)", t).isNaN();
                    } else {
                        assertThat(out[i]).as("%s relu(%s)", t, v).isEqualTo(Math.max(v, 0));
                        assertThat(dx[i]).as("%s gradient at %s", t, v).isEqualTo(v > 0 ? (double) g[i] : 0.0);
                    }
                }
            }
        }
    }

    @Test
    void theFloatMaskIsExactlyOneForEveryPositiveOutput() {
        float[] y = {Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 1f, 3e38f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 0f};
        float[] g = {3.25f, -7f, 1e-20f, 5f, -0.125f, 2f, 9f, 4f};
        float[] expected = {3.25f, -7f, 1e-20f, 5f, -0.125f, 2f, 9f, 0f};
        Relu.reluBackward(y, g, y.length);
        assertThat(g).containsExactly(expected);
    }
}
