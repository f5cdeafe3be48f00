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
import java.util.Map;
import java.util.Optional;

/**
 * The experiment's summary as pretty-printed JSON ({@value #FILE_NAME}): the experiment name, the
 * convergence criterion, every run's status, one entry per real-vs-ideal comparison and one per seed
 * aggregate. Metric names become snake_case keys ({@code soft_error}); values that are absent or not
 * finite are written as {@code null}.
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
        return root;
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
        metrics(node.putObject("max_abs_gap"), c.maxAbsGap());
        metrics(node.putObject("mean_abs_gap"), c.meanAbsGap());
        if (c.gapAtTStop().isEmpty()) {
            node.putNull("gap_at_t_stop");
        } else {
            metrics(node.putObject("gap_at_t_stop"), c.gapAtTStop());
        }
        ObjectNode fin = node.putObject("final");
        evaluation(fin, "real", c.finalReal(), World.REAL);
        evaluation(fin, "ideal", c.finalIdeal(), World.IDEAL);
    }

    private static void evaluation(ObjectNode parent, String name, Optional<Evaluation> evaluation, World world) {
        if (evaluation.isEmpty()) {
            parent.putNull(name);
            return;
        }
        ObjectNode node = parent.putObject(name);
        node.put("step", evaluation.get().step());
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
        node.put("converged", a.converged());
        node.put("status", a.statusSummary());
        node.put("steps", a.steps());
        ObjectNode error = node.putObject("final_test_error");
        stat(error.putObject("real"), a.finalRealTestError());
        stat(error.putObject("ideal"), a.finalIdealTestError());
        ObjectNode softError = node.putObject("final_test_soft_error");
        stat(softError.putObject("real"), a.finalRealTestSoftError());
        stat(softError.putObject("ideal"), a.finalIdealTestSoftError());
        stat(node.putObject("max_abs_soft_error_gap"), a.maxAbsSoftErrorGap());
        stat(node.putObject("mean_abs_soft_error_gap"), a.meanAbsSoftErrorGap());
        stat(node.putObject("t_stop"), a.tStop());
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
