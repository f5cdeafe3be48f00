package io.deepbootstrap.core.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups comparisons by (architecture, train size, augmentation) and aggregates over seeds. */
public final class SeedAggregation {

    private SeedAggregation() {
    }

    /**
     * @param comparisons comparisons of any number of seeds
     * @return one aggregate per (architecture, train size, augmentation), in order of first appearance
     */
    public static List<SeedAggregate> of(List<Comparison> comparisons) {
        Map<AggregateKey, List<Comparison>> groups = new LinkedHashMap<>();
        for (Comparison comparison : comparisons) {
            groups.computeIfAbsent(AggregateKey.of(comparison.real().id()), k -> new ArrayList<>())
                    .add(comparison);
        }
        List<SeedAggregate> aggregates = new ArrayList<>();
        groups.forEach((key, group) -> aggregates.add(SeedAggregate.of(key, group)));
        return aggregates;
    }
}
