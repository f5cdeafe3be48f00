package io.deepbootstrap.core.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): the current resident set (VmRSS) and
 * its peak (VmHWM), which {@link #resetPeak()} sets back to the current value (by writing {@code 5} to
 * {@code /proc/self/clear_refs}), so that the peak of one run can be read at its end. Elsewhere (no
 * {@code /proc}) every value is empty and the reset does nothing.
 *
 * <p>The kernel keeps one high-water mark per process, and what tools outside read at its exit — GNU time's
 * "maximum resident set size", {@code getrusage} of the parent — is that mark, i.e. only the peak since the last
 * reset. So before each reset the mark is folded into a process-wide maximum, {@link #processPeakBytes()}, which
 * the experiment reports at its end (an experiment whose first runs peaked at 681 MB was reported by GNU time at
 * 467 MB, the peak of its last runs).
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    /** The largest high-water mark seen before a reset, in bytes. */
    private static final AtomicLong PEAK_BEFORE_RESETS = new AtomicLong();

    private ProcessMemory() {
    }

    /** @return the current resident set size in bytes, if known */
    public static OptionalLong residentBytes() {
        return status("VmRSS");
    }

    /** @return the peak resident set size in bytes since the process started or the last {@link #resetPeak()} */
    public static OptionalLong peakResidentBytes() {
        return status("VmHWM");
    }

    /**
     * @return the peak resident set size in bytes since the process started, resets included (the largest of
     *     the high-water marks before each {@link #resetPeak()} and the current one), if known
     */
    public static OptionalLong processPeakBytes() {
        OptionalLong now = peakResidentBytes();
        long before = PEAK_BEFORE_RESETS.get();
        if (now.isEmpty()) {
            return before > 0 ? OptionalLong.of(before) : OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(before, now.getAsLong()));
    }

    /**
     * Sets the peak resident set size back to the current one, after folding it into {@link #processPeakBytes()}.
     *
     * @return whether the reset was possible (Linux with a writable {@code /proc/self/clear_refs})
     */
    public static boolean resetPeak() {
        peakResidentBytes().ifPresent(peak -> PEAK_BEFORE_RESETS.accumulateAndGet(peak, Math::max));
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * @param bytes a byte count
     * @return it in MB (10^6 bytes, rounded), e.g. {@code 517 MB}
     */
    public static String format(OptionalLong bytes) {
        return bytes.isPresent() ? Math.round(bytes.getAsLong() / 1e6) + " MB" : "unknown";
    }

    private static OptionalLong status(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key + ":")) {
                    String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024); // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
