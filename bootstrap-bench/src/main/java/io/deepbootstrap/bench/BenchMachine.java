package io.deepbootstrap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.deepbootstrap.core.experiment.ProcessMemory;
import java.util.OptionalLong;
import org.nd4j.linalg.factory.Nd4j;

/** What a benchmark reports about the machine it ran on: CPU, cores, load, backend, and the process's memory
 * (read through the engine's {@link ProcessMemory}). */
public final class BenchMachine {
    private BenchMachine() {
    }

    /** @return the process's peak resident set (VmHWM) as {@code /proc/self/status} gives it, e.g. {@code 812345 kB} */
    static String peakRss() {
        return kilobytes(ProcessMemory.peakResidentBytes());
    }

    /** @return the process's current resident set (VmRSS), e.g. {@code 812345 kB} */
    static String currentRss() {
        return kilobytes(ProcessMemory.residentBytes());
    }

    private static String kilobytes(OptionalLong bytes) {
        return bytes.isPresent() ? bytes.getAsLong() / 1024 + " kB" : "?";
    }

    static String machine() {
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep "?"
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load average " + loadAverage();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String backendInfo() {
        boolean onednn = io.deepbootstrap.toolkit.internal.Nd4jRuntime.hasOneDnn();
        return Nd4j.getBackend().getClass().getSimpleName() + (onednn ? " with HAVE_ONEDNN" : " WITHOUT oneDNN")
                + ", BLAS " + io.deepbootstrap.toolkit.internal.Nd4jRuntime.blasLibrary();
    }
}
