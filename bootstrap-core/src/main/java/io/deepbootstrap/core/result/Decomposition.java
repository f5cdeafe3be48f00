package io.deepbootstrap.core.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The paper's decomposition of generalization over an experiment's design choices (architectures, train
 * sizes, augmentations): for each choice, the real world's test soft-error where it stopped equals the
 * ideal world's test soft-error at the same step plus the bootstrap gap,
 * {@code TestSoftErr(real, T_stop) = TestSoftErr(ideal, T_stop) + gap}; and whether the two worlds rank the
 * choices alike (Kendall's tau-b over the choices' seed means): does the ideal world select the same model?
 *
 * <p>Each seed is read at its own T_stop, or at T if its real run never converged (the real world then
 * trained for all T steps); {@link DecompositionChoice#converged()} says how many seeds were read at
 * T_stop. A seed without both values at that step (a failed or diverged run, a missing ideal run) is left
 * out. Values come from evaluations of both worlds at that exact step, never interpolated.
 *
 * @param metric the metric decomposed ({@value MetricNames#SOFT_ERROR})
 * @param choices one per design choice, in the order of the experiment's aggregates
 * @param rankAgreement Kendall's tau-b between the real and the ideal ranking, over the choices with values
 */
public record Decomposition(String metric, List<DecompositionChoice> choices, KendallTau rankAgreement) {

    /** The file name of the table within the experiment directory. */
    public static final String FILE_NAME = "decomposition.csv";

    public Decomposition {
        choices = List.copyOf(choices);
    }

    /**
     * @param results an experiment's results
     * @return the decomposition of its soft-error; empty if the experiment has fewer than 2 design choices
     */
    public static Optional<Decomposition> of(ExperimentResults results) {
        List<SeedAggregate> aggregates = results.aggregates();
        if (aggregates.size() < 2) {
            return Optional.empty();
        }
        String metric = MetricNames.SOFT_ERROR;
        List<List<DecompositionPoint>> points = aggregates.stream().map(a -> points(a, metric)).toList();
        double[] realMeans = means(points, DecompositionPoint::real);
        double[] idealMeans = means(points, DecompositionPoint::ideal);
        double[] realRanks = ranks(realMeans);
        double[] idealRanks = ranks(idealMeans);
        List<DecompositionChoice> choices = new ArrayList<>();
        for (int i = 0; i < aggregates.size(); i++) {
            List<DecompositionPoint> p = points.get(i);
            choices.add(new DecompositionChoice(aggregates.get(i).key(), label(aggregates, i), p,
                    stat(p, DecompositionPoint::real), stat(p, DecompositionPoint::ideal),
                    stat(p, DecompositionPoint::gap), stat(p, point -> (double) point.step()),
                    realRanks[i], idealRanks[i]));
        }
        int[] ranked = finiteIndices(realMeans, idealMeans);
        KendallTau tau = KendallTau.of(pick(realMeans, ranked), pick(idealMeans, ranked));
        return Optional.of(new Decomposition(metric, choices, tau));
    }

    private static List<DecompositionPoint> points(SeedAggregate aggregate, String metric) {
        List<DecompositionPoint> points = new ArrayList<>();
        for (Comparison c : aggregate.comparisons()) {
            StepPair pair = c.atTStop().orElseGet(c::atT);
            double real = pair.realTest(metric);
            double ideal = pair.idealTest(metric);
            if (Double.isFinite(real) && Double.isFinite(ideal)) {
                points.add(new DecompositionPoint(c.real().id().seed(), pair.step(), c.converged(), real, ideal));
            }
        }
        return points;
    }

    private static MeanStd stat(List<DecompositionPoint> points, Function<DecompositionPoint, Double> value) {
        return MeanStd.of(points.stream().map(value).toList());
    }

    private static double[] means(List<List<DecompositionPoint>> points, Function<DecompositionPoint, Double> value) {
        return points.stream().mapToDouble(p -> stat(p, value).mean()).toArray();
    }

    /** Ranks 1..k of the finite values, ascending, ties sharing their mean rank; NaN for the others. */
    static double[] ranks(double[] values) {
        double[] ranks = new double[values.length];
        Arrays.fill(ranks, Double.NaN);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                continue;
            }
            int below = 0;
            int equal = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    below += v < values[i] ? 1 : 0;
                    equal += v == values[i] ? 1 : 0;
                }
            }
            ranks[i] = below + (equal + 1) / 2.0;
        }
        return ranks;
    }

    private static int[] finiteIndices(double[] a, double[] b) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                indices.add(i);
            }
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }

    /** Names a choice by the fields that vary across the experiment's choices. */
    private static String label(List<SeedAggregate> aggregates, int index) {
        AggregateKey key = aggregates.get(index).key();
        boolean architectures = distinct(aggregates, AggregateKey::architecture) > 1;
        boolean sizes = distinct(aggregates, AggregateKey::trainSize) > 1;
        boolean augmentations = distinct(aggregates, AggregateKey::augmentation) > 1;
        List<String> parts = new ArrayList<>();
        if (architectures) {
            parts.add(key.architecture());
        }
        if (sizes) {
            parts.add("n=" + key.trainSize());
        }
        if (augmentations) {
            parts.add(key.augmentation());
        }
        return String.join(" ", parts);
    }

    private static int distinct(List<SeedAggregate> aggregates, Function<AggregateKey, Object> field) {
        Set<Object> values = aggregates.stream().map(a -> field.apply(a.key())).collect(Collectors.toSet());
        return values.size();
    }
}
