package io.deepbootstrap.core.checkpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What makes two configurations give the same results: every key of the effective configuration except those
 * that only say where or how the runs are carried out ({@link #IGNORED}). Used to refuse resuming a results
 * folder with another configuration, listing the keys that differ, and to tie each checkpoint to its
 * configuration by a hash.
 */
public final class EffectiveConfig {

    /**
     * Keys (and key prefixes) that cannot change a number in the results: where results, caches and
     * checkpoints go, extra run listeners, prefetching, the process warm-up (a throwaway network), training a
     * cell's real and ideal run together (same records), and the
     * execution engine (local or Spark, which give the same results).
     */
    public static final List<String> IGNORED = List.of("experiment.output-dir", "experiment.cache-dir",
            "experiment.listeners", "experiment.checkpoints", "experiment.checkpoint-interval", "training.prefetch",
            "training.process-warm-up-steps", "training.pair-worlds", "execution");

    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

    private EffectiveConfig() {
    }

    /**
     * @param config an effective configuration (as saved in {@code config.conf})
     * @return every key that matters, in sorted order, with its value rendered as JSON
     */
    public static Map<String, String> values(Config config) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            if (!ignored(e.getKey())) {
                out.put(e.getKey(), e.getValue().render(CONCISE));
            }
        }
        return out;
    }

    private static boolean ignored(String key) {
        for (String prefix : IGNORED) {
            if (key.equals(prefix) || key.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param config an effective configuration
     * @return a SHA-256 of its {@link #values} (hex)
     */
    public static String hash(Config config) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            values(config).forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '=');
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * @param saved the configuration the results were produced with
     * @param current the configuration now
     * @return one line per key that differs: {@code key: <saved> -> <current>} ({@code (not set)} when absent),
     *     in key order; empty if they give the same results
     */
    public static List<String> differences(Config saved, Config current) {
        Map<String, String> a = values(saved);
        Map<String, String> b = values(current);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(k + ": " + a.getOrDefault(k, "(not set)") + " -> " + b.getOrDefault(k, "(not set)"));
            }
        }
        return out;
    }
}
