package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The shifted backward pass releases every native buffer it uses. Regression: the input gradient flipped the
 * kernel with libnd4j's {@code reverse} op, which leaks about five times the kernel's size per call; a width-64
 * mcnn grew by ~30 MB per training step and died with an OutOfMemoryError at 10 GB RSS.
 */
class ShiftedConvGradMemoryTest {
    private static final Path STATUS = Path.of("/proc/self/status");

    @Test
    void inputGradientDoesNotGrowNativeMemory() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "needs /proc/self/status (Linux)");
        int k = 3;
        int c = 128;
        int oc = 256; // kernel of 1.2 MB: the old flip leaked ~6 MB per call, 600 MB over the calls below
        ShiftedConvGrad grad = new ShiftedConvGrad(k);
        // the weight as in a network: a view at an offset into the flat parameter vector
        long size = (long) k * k * c * oc;
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 10 + size);
        INDArray weight = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 10 + size)).reshape('c', k, k, c, oc);
        INDArray flipped = Nd4j.create(DataType.FLOAT, k, k, oc, c);
        INDArray gradOut = Nd4j.rand(DataType.FLOAT, 2, 4, 4, oc);
        INDArray gradIn = Nd4j.create(DataType.FLOAT, 2, 4, 4, c);
        for (int i = 0; i < 10; i++) {
            grad.inputGradient(weight, flipped, gradOut, gradIn);
        }
        long before = rssKb();
        for (int i = 0; i < 100; i++) {
            grad.inputGradient(weight, flipped, gradOut, gradIn);
        }
        long grownMb = (rssKb() - before) / 1024;
        assertThat(grownMb).as("RSS growth over 100 calls, MB").isLessThan(150);
        // and the flipped kernel is still W'[kh, kw, o, i] = W[k-1-kh, k-1-kw, i, o]
        for (int kh = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                assertThat(flipped.getFloat(kh, kw, 7, 3)).isEqualTo(weight.getFloat(k - 1 - kh, k - 1 - kw, 3, 7));
                assertThat(flipped.getFloat(kh, kw, oc - 1, c - 2)).isEqualTo(weight.getFloat(k - 1 - kh, k - 1 - kw, c - 2, oc - 1));
            }
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in " + STATUS);
    }
}
