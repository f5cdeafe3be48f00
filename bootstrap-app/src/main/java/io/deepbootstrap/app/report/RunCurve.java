package io.deepbootstrap.app.report;

import java.util.Map;

/**
 * One run's learning curve as read back from {@code curves.csv}.
 *
 * @param run the run's label, e.g. {@code cnn-n2000-s0-real}
 * @param architecture the architecture label
 * @param trainSize N for the real world, empty for the ideal world
 * @param seed the seed
 * @param augmentation the augmentation label
 * @param world {@code real} or {@code ideal}
 * @param extra further identifying columns the file has (non-numeric columns this reader does not
 *     know), joined as {@code name=value} pairs; empty if none
 * @param steps the evaluated steps, in file order
 * @param values metric column (e.g. {@code test_soft_error}) to its value at each step (NaN where empty)
 */
public record RunCurve(String run, String architecture, String trainSize, String seed, String augmentation,
                       String world, String extra, double[] steps, Map<String, double[]> values) {

    /** @return whether this is a real-world run */
    public boolean real() {
        return "real".equals(world);
    }
}
