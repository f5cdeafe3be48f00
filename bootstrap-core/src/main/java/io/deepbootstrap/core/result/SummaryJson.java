package io.deepbootstrap.core.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiment's summary as pretty-printed JSON ({@value #FILE_NAME}). Metric names become snake_case
 * keys ({@code soft_error}); values that are absent or not finite are written as {@code null}. Top-level
 * fields:
 * <ul>
 *   <li>{@code experiment}, {@code convergence} ({@code criterion}, {@code metric}, {@code threshold}),
 *       {@code definitions} (what each summary means, in words);</li>
 *   <li>only with several test sets ({@code evaluation.test-sets}): {@code test_sets} (how to read them, in
 *       words) and {@code further_test_sets} (their names); each further set's metrics then appear as
 *       {@code <set>/<metric>} keys beside the primary set's in every metric map below;</li>
 *   <li>{@code runs}: every run's status, number of evaluations and last step;</li>
 *   <li>{@code comparisons}: per real run and its ideal partner: identity, {@code status}, {@code t_stop},
 *       {@code converged}, {@code window} ({@code from_step}, {@code to_step}, {@code evaluated_steps}),
 *       {@code gap_at_t_stop}, {@code mean_abs_gap} (step-weighted, trapezoid rule), {@code max_abs_gap},
 *       {@code at_t_stop} and {@code at_t} (each {@code step}, {@code real} with {@code test} and
 *       {@code train}, {@code ideal} with {@code test});</li>
 *   <li>{@code aggregates}: per architecture, train size and augmentation: {@code seeds}, {@code status},
 *       {@code steps}, {@code test_at_t} over all seeds, and apart for the seeds that {@code converged}
 *       ({@code t_stop}, {@code gap_at_t_stop}, {@code mean_abs_gap}, {@code max_abs_gap},
 *       {@code test_at_t_stop}, {@code test_at_t}) and those that did not ({@code not_converged}:
 *       {@code mean_abs_gap}, {@code max_abs_gap} over [1, T], {@code test_at_t}); every statistic is
 *       {@code {mean, std, n}};</li>
 *   <li>{@code decomposition} ({@code null} with fewer than 2 design choices): {@code metric},
 *       {@code read_at}, {@code rank_agreement} ({@code choices}, {@code kendall_tau},
 *       {@code concordant_pairs}, {@code discordant_pairs}) and per choice its {@code real}, {@code ideal},
 *       {@code gap}, {@code stop_step} statistics, ranks and per-seed values (see {@link Decomposition}).</li>
 * </ul>
 */
public final class SummaryJson {

    /** The file name within the experiment directory. */
    public static final String FILE_NAME = "summary.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private SummaryJson() {
    }

    /**
     * @param file the file to write atomically
     * @param experimentName the experiment's name
     * @param results the experiment's results
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, String experimentName, ExperimentResults results) throws IOException {
        ObjectNode tree = toTree(experimentName, results);
        AtomicFiles.write(file, out -> {
            MAPPER.writer(PRETTY).writeValue(out, tree);
            out.write('\n');
        });
    }

    /**
     * @param experimentName the experiment's name
     * @param results the experiment's results
     * @return the JSON tree that {@link #write} writes
     */
    public static ObjectNode toTree(String experimentName, ExperimentResults results) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("experiment", experimentName);
        ObjectNode convergence = root.putObject("convergence");
        convergence.put("criterion", results.criterion().kind().id());
        convergence.put("metric", results.criterion().kind().metric());
        convergence.put("threshold", results.criterion().threshold());
        definitions(root.putObject("definitions"), results.criterion());
        List<String> furtherTestSets = results.furtherTestSets();
        if (!furtherTestSets.isEmpty()) { // absent with one test set: such a summary reads as it always did
            root.put("test_sets", "gaps, t_stop and the decomposition are read on the primary test set (the first of"
                    + " evaluation.test-sets), whose metrics keep their names; every metric of a further test set is"
                    + " named <set>/<metric> beside them, in the comparisons and the aggregates alike");
            furtherTestSets.forEach(root.putArray("further_test_sets")::add);
        }
        ArrayNode runs = root.putArray("runs");
        for (RunRecord run : results.runs()) {
            ObjectNode node = runs.addObject();
            node.put("run", run.id().label());
            node.put("world", run.id().world().id());
            node.put("status", run.status().id());
            node.put("message", run.message());
            node.put("evaluations", run.curve().size());
            node.put("last_step", run.curve().isEmpty() ? 0 : run.curve().get(run.curve().size() - 1).step());
        }
        ArrayNode comparisons = root.putArray("comparisons");
        results.comparisons().forEach(c -> comparison(comparisons.addObject(), c));
        ArrayNode aggregates = root.putArray("aggregates");
        results.aggregates().forEach(a -> aggregate(aggregates.addObject(), a));
        Optional<Decomposition> decomposition = results.decomposition();
        if (decomposition.isPresent()) {
            decomposition(root.putObject("decomposition"), decomposition.get());
        } else {
            root.putNull("decomposition");
        }
        return root;
    }

    private static void definitions(ObjectNode node, ConvergenceCriterion criterion) {
        node.put("gap", "test metric of the real world minus that of the ideal world at the same step, both"
                + " evaluated at that step (never interpolated)");
        node.put("t_stop", "first step at which the real world meets " + criterion + " on its train set S,"
                + " located to within max(4 steps, 3%) (weight snapshots between evaluations of S, then a bisection),"
                + " and evaluated there in both worlds; null if it never does");
        node.put("window", "steps over which mean_abs_gap and max_abs_gap are taken: [1, t_stop], or all steps"
                + " both worlds evaluated ([1, T]) if the real run never converged");
        node.put("mean_abs_gap", "step-weighted mean of |gap| over the window: |gap| linear between evaluated"
                + " steps, integrated with the trapezoid rule, divided by the window's length in steps");
        node.put("max_abs_gap", "largest |gap| at an evaluated step of the window");
        node.put("at_t_stop", "both worlds' metrics at step t_stop");
        node.put("at_t", "both worlds' metrics at step T (the planned number of steps); null for a world that"
                + " stopped before T");
        node.put("aggregates", "mean, sample standard deviation (divisor n-1) and n over seeds, non-finite values"
                + " left out; seeds whose real run converged and seeds whose real run did not are aggregated"
                + " apart (converged, not_converged) because their windows differ; test_at_t covers all seeds");
    }

    private static void comparison(ObjectNode node, Comparison c) {
        RunRecord real = c.real();
        node.put("run", real.id().label());
        if (c.ideal() == null) {
            node.putNull("ideal_run");
        } else {
            node.put("ideal_run", c.ideal().id().label());
        }
        node.put("architecture", real.id().architecture());
        node.put("train_size", real.id().trainSize());
        node.put("seed", real.id().seed());
        node.put("augmentation", real.id().augmentation());
        node.put("steps", real.steps());
        node.put("batch_size", real.batchSize());
        node.put("status", c.status().id());
        node.put("message", c.message());
        node.put("initialization", real.initialization());
        if (c.converged()) {
            node.put("t_stop", c.tStop().getAsInt());
        } else {
            node.putNull("t_stop");
        }
        node.put("converged", c.converged());
        node.put("compared_steps", c.gaps().size());
        if (c.windowRange().isEmpty()) {
            node.putNull("window");
        } else {
            ObjectNode window = node.putObject("window");
            window.put("from_step", c.windowRange().get()[0]);
            window.put("to_step", c.windowRange().get()[1]);
            window.put("evaluated_steps", c.window().size());
        }
        if (c.gapAtTStop().isEmpty()) {
            node.putNull("gap_at_t_stop");
        } else {
            metrics(node.putObject("gap_at_t_stop"), c.gapAtTStop());
        }
        metrics(node.putObject("mean_abs_gap"), c.meanAbsGap());
        metrics(node.putObject("max_abs_gap"), c.maxAbsGap());
        if (c.atTStop().isEmpty()) {
            node.putNull("at_t_stop");
        } else {
            pair(node.putObject("at_t_stop"), c.atTStop().get());
        }
        pair(node.putObject("at_t"), c.atT());
    }

    private static void pair(ObjectNode node, StepPair pair) {
        node.put("step", pair.step());
        evaluation(node, "real", pair.realEvaluation(), World.REAL);
        evaluation(node, "ideal", pair.idealEvaluation(), World.IDEAL);
    }

    private static void evaluation(ObjectNode parent, String name, Optional<Evaluation> evaluation, World world) {
        if (evaluation.isEmpty()) {
            parent.putNull(name);
            return;
        }
        ObjectNode node = parent.putObject(name);
        metrics(node.putObject("test"), evaluation.get().test());
        if (world == World.REAL) {
            metrics(node.putObject("train"), evaluation.get().train());
        }
    }

    private static void aggregate(ObjectNode node, SeedAggregate a) {
        node.put("architecture", a.key().architecture());
        node.put("train_size", a.key().trainSize());
        node.put("augmentation", a.key().augmentation());
        node.put("seeds", a.seeds());
        node.put("status", a.statusSummary());
        node.put("steps", a.steps());
        worlds(node.putObject("test_at_t"), a.realTestAtT(), a.idealTestAtT());
        ObjectNode converged = node.putObject("converged");
        group(converged, a.converged());
        stat(converged.putObject("t_stop"), a.converged().tStop());
        stats(converged.putObject("gap_at_t_stop"), a.converged().gapAtTStop());
        stats(converged.putObject("mean_abs_gap"), a.converged().meanAbsGap());
        stats(converged.putObject("max_abs_gap"), a.converged().maxAbsGap());
        worlds(converged.putObject("test_at_t_stop"), a.converged().realTestAtTStop(),
                a.converged().idealTestAtTStop());
        worlds(converged.putObject("test_at_t"), a.converged().realTestAtT(), a.converged().idealTestAtT());
        ObjectNode notConverged = node.putObject("not_converged");
        group(notConverged, a.notConverged());
        stats(notConverged.putObject("mean_abs_gap"), a.notConverged().meanAbsGap());
        stats(notConverged.putObject("max_abs_gap"), a.notConverged().maxAbsGap());
        worlds(notConverged.putObject("test_at_t"), a.notConverged().realTestAtT(),
                a.notConverged().idealTestAtT());
    }

    private static void decomposition(ObjectNode node, Decomposition d) {
        node.put("metric", MetricNames.key(d.metric()));
        node.put("read_at", "each seed's t_stop, or T if its real run never converged");
        ObjectNode rank = node.putObject("rank_agreement");
        rank.put("choices", d.rankAgreement().n());
        number(rank, "kendall_tau", d.rankAgreement().tau());
        rank.put("concordant_pairs", d.rankAgreement().concordant());
        rank.put("discordant_pairs", d.rankAgreement().discordant());
        ArrayNode choices = node.putArray("choices");
        for (DecompositionChoice c : d.choices()) {
            ObjectNode choice = choices.addObject();
            choice.put("choice", c.label());
            choice.put("architecture", c.key().architecture());
            choice.put("train_size", c.key().trainSize());
            choice.put("augmentation", c.key().augmentation());
            choice.put("converged", c.converged());
            stat(choice.putObject("stop_step"), c.stopStep());
            stat(choice.putObject("real"), c.real());
            stat(choice.putObject("ideal"), c.ideal());
            stat(choice.putObject("gap"), c.gap());
            number(choice, "real_rank", c.realRank());
            number(choice, "ideal_rank", c.idealRank());
            ArrayNode seeds = choice.putArray("seeds");
            for (DecompositionPoint p : c.points()) {
                ObjectNode seed = seeds.addObject();
                seed.put("seed", p.seed());
                seed.put("step", p.step());
                seed.put("converged", p.converged());
                number(seed, "real", p.real());
                number(seed, "ideal", p.ideal());
                number(seed, "gap", p.gap());
            }
        }
    }

    private static void group(ObjectNode node, SeedStats stats) {
        node.put("seeds", stats.seeds());
        node.put("status", stats.statusSummary());
    }

    private static void worlds(ObjectNode node, Map<String, MeanStd> real, Map<String, MeanStd> ideal) {
        stats(node.putObject("real"), real);
        stats(node.putObject("ideal"), ideal);
    }

    private static void stats(ObjectNode node, Map<String, MeanStd> values) {
        for (String metric : MetricNames.ordered(values.keySet())) {
            stat(node.putObject(MetricNames.key(metric)), values.get(metric));
        }
    }

    private static void stat(ObjectNode node, MeanStd stat) {
        number(node, "mean", stat.mean());
        number(node, "std", stat.std());
        node.put("n", stat.n());
    }

    private static void metrics(ObjectNode node, Map<String, Double> values) {
        for (String metric : MetricNames.ordered(values.keySet())) {
            number(node, MetricNames.key(metric), values.get(metric));
        }
    }

    private static void number(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
