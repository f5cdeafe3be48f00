package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code data} section (bootstrap-core's reference.conf, same key order): a data-source block whose
 * framework keys are the sample sizes.
 *
 * @param source {@code type} and the source's own keys: the data source
 * @param trainSizes {@code train-sizes}: the real world's N values, duplicates removed, in the order written
 * @param testSize {@code test-size}: M
 */
public record DataSection(Resolved<DataSourceFactory> source, List<Integer> trainSizes, int testSize) {

    /** Keys of the {@code data} block that belong to the framework, not to the data source. */
    public static final Set<String> FRAMEWORK_KEYS = Set.of("train-sizes", "test-size");

    /** @param r the reader @return the section, or null if it has problems (recorded in r) */
    static DataSection parse(SettingsReader r) {
        if (!r.merged().hasPath("data")) {
            r.add("data: missing section; expected data { type = ..., train-sizes = [...], test-size = ... }");
            return null;
        }
        int before = r.problemCount();
        Resolved<DataSourceFactory> source = r.component(ComponentKind.DATA_SOURCE, "data", FRAMEWORK_KEYS);
        List<Integer> trainSizes = r.integers("data.train-sizes");
        if (trainSizes != null && (trainSizes.isEmpty() || trainSizes.stream().anyMatch(n -> n < 1))) {
            r.problem("data.train-sizes", "expected a non-empty list of sizes >= 1, found " + trainSizes);
        }
        Integer testSize = r.positive("data.test-size");
        if (r.problemCount() > before) {
            return null;
        }
        return new DataSection(source, List.copyOf(new LinkedHashSet<>(trainSizes)), testSize);
    }

    /** @param c the effective configuration so far @return it with the data block written out in full */
    Config writeInto(Config c) {
        return c.withValue("data", ComponentBlocks.block(source)
                .withValue("train-sizes", ConfigValueFactory.fromIterable(trainSizes))
                .withValue("test-size", ConfigValueFactory.fromAnyRef(testSize)).root());
    }
}
