package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The process's peak resident memory survives the per-run resets of the kernel's high-water mark: a run that
 * peaked early in the process must still show in {@link ProcessMemory#processPeakBytes()} after later runs reset
 * the mark (what GNU time reports at exit is only the mark since the last reset).
 */
class ProcessMemoryTest {
    private static final long MB = 1L << 20;

    @Test
    void thePeakBeforeAResetIsKeptAsTheProcessPeak() {
        assumeThat(Files.isWritable(Path.of("/proc/self/clear_refs"))).as("Linux, writable /proc/self/clear_refs").isTrue();
        assertThat(ProcessMemory.resetPeak()).isTrue();
        long peakWithBlock;
        // 256 MB of native memory, every page touched, then freed (glibc returns a block this size to the kernel)
        try (INDArray block = Nd4j.createUninitialized(DataType.FLOAT, 64 * MB)) {
            block.assign(1.0f);
            peakWithBlock = ProcessMemory.peakResidentBytes().orElseThrow();
        }
        long afterFree = ProcessMemory.residentBytes().orElseThrow();
        assertThat(peakWithBlock - afterFree).as("the block's pages left the resident set when freed").isGreaterThan(200 * MB);

        assertThat(ProcessMemory.resetPeak()).isTrue(); // the next run starts
        assertThat(ProcessMemory.peakResidentBytes().orElseThrow()).as("the kernel's mark after the reset")
                .isLessThan(peakWithBlock - 200 * MB);
        // the kernel's counters are summed from per-thread caches, so two reads of one mark can differ by a few 100 KB
        assertThat(ProcessMemory.processPeakBytes().orElseThrow()).as("the process peak, resets included")
                .isGreaterThan(peakWithBlock - 8 * MB);
    }

    @Test
    void theProcessPeakIsNeverBelowTheCurrentMark() {
        assumeThat(Files.exists(Path.of("/proc/self/status"))).isTrue();
        long kernelMark = ProcessMemory.peakResidentBytes().orElseThrow();
        assertThat(ProcessMemory.processPeakBytes().orElseThrow()).isGreaterThan(kernelMark - 8 * MB).isGreaterThan(0);
    }
}
