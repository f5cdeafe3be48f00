package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.result.TestSetMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test sets a run is evaluated on at every evaluation step ({@code evaluation.test-sets}): the primary
 * one, whose metrics keep their plain names ({@code soft-error}) and from which gaps, T_stop's evaluation
 * and the decomposition are read as before, then any further ones, whose metrics are named
 * {@code <set>/<metric>} ({@code real/soft-error}) in the same map ({@link TestSetMetrics}). So every consumer of an evaluation's test
 * metrics — curves, checkpoints, the Spark wire format, comparisons and seed aggregates — carries the further
 * sets without a field of its own, and a run with one test set records exactly what it did before.
 *
 * <p>Evaluating a set is a forward pass only: it draws from no random stream, so adding a test set changes
 * no other number of the run.
 */
public final class TestSets {
    private final List<Named> sets;

    /**
     * A test set and its name.
     *
     * @param name the name, without {@link #TestSetMetrics.SEPARATOR}
     * @param set the examples
     */
    public record Named(String name, ExampleSet set) {
        public Named {
            if (name.isEmpty() || name.indexOf(TestSetMetrics.SEPARATOR) >= 0) {
                throw new IllegalArgumentException("test set name must be non-empty and free of '" + TestSetMetrics.SEPARATOR + "': " + name);
            }
        }
    }

    /** @param sets the sets, primary first (at least one) */
    public TestSets(List<Named> sets) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("at least one test set is needed");
        }
        this.sets = List.copyOf(sets);
    }

    /** @param test the only test set @return the test sets of a run with just that one (named {@code test}) */
    public static TestSets single(ExampleSet test) {
        return new TestSets(List.of(new Named("test", test)));
    }

    /** @return the sets, primary first */
    public List<Named> sets() {
        return sets;
    }

    /** @return the primary test set */
    public ExampleSet primary() {
        return sets.get(0).set();
    }

    /**
     * Evaluates the network on every set, the primary first.
     *
     * @param evaluator the evaluator
     * @param network the network (not changed)
     * @return the primary set's metrics under their names, then each further set's as {@code <set>/<metric>}
     */
    public Map<String, Double> evaluate(Evaluator evaluator, Network network) {
        Map<String, Double> values = new LinkedHashMap<>(evaluator.evaluate(network, primary()));
        for (Named extra : sets.subList(1, sets.size())) {
            evaluator.evaluate(network, extra.set()).forEach((metric, v) -> values.put(TestSetMetrics.qualified(extra.name(), metric), v));
        }
        return values;
    }
}
