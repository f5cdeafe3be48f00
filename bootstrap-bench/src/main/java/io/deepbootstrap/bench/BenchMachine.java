package io.deepbootstrap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.factory.Nd4j;

/** What a benchmark reports about the machine it ran on: CPU, cores, load, backend, and the process's memory. */
public final class BenchMachine {
    private BenchMachine() {
    }

    /**
     * @param key a key of /proc/self/status such as VmHWM or VmRSS
     * @return its value (e.g. {@code 812345 kB}), or {@code ?} where unavailable
     */
    public static String procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return line.substring(key.length() + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
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
        return Nd4j.getBackend().getClass().getSimpleName() + (onednn ? " with HAVE_ONEDNN" : " WITHOUT oneDNN");
    }
}
