package io.deepbootstrap.core.execution;

import io.deepbootstrap.core.settings.ExecutionSection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.RunPhase;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.RunTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form in which jobs, run ids and run records cross process boundaries (driver to workers and
 * back). Numbers are written so that they read back bit for bit (shortest round-trip decimal form);
 * values that are not finite are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * Keys follow the result files' snake_case. Reading rejects a document that lacks a field with an
 * {@link IllegalArgumentException} naming it.
 */
public final class WireFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WireFormat() {
    }

    /** @param id a run id @return its JSON object */
    public static String runId(RunId id) {
        return write(runIdNode(id));
    }

    /** @param json a run id's JSON @return the run id */
    public static RunId runId(String json) {
        return runId(read(json));
    }

    /** @param record a run record @return its JSON */
    public static String record(RunRecord record) {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("run", runIdNode(record.id()));
        o.put("status", record.status().id());
        o.put("message", record.message());
        o.put("steps", record.steps());
        o.put("batch_size", record.batchSize());
        o.put("initialization", record.initialization());
        ArrayNode curve = o.putArray("curve");
        for (Evaluation e : record.curve()) {
            ObjectNode p = curve.addObject();
            p.put("step", e.step());
            p.put("examples_seen", e.examplesSeen());
            number(p, "learning_rate", e.learningRate());
            number(p, "elapsed_s", e.elapsedSeconds());
            metrics(p.putObject("test"), e.test());
            metrics(p.putObject("train"), e.train());
        }
        RunTiming t = record.timing();
        if (t.measured()) {
            ObjectNode timing = o.putObject("timing");
            timing.put("steps", t.steps());
            timing.put("training_cpu_s", t.trainingCpuSeconds());
            timing.put("training_wall_s", t.trainingWallSeconds());
            timing.put("preparation_cpu_s", t.preparationCpuSeconds());
            timing.put("evaluations", t.evaluations());
            timing.put("evaluation_cpu_s", t.evaluationCpuSeconds());
        }
        return write(o);
    }

    /** @param json a record's JSON @return the record */
    public static RunRecord record(String json) {
        JsonNode o = read(json);
        List<Evaluation> curve = new ArrayList<>();
        for (JsonNode p : field(o, "curve")) {
            curve.add(new Evaluation(field(p, "step").intValue(), field(p, "examples_seen").longValue(),
                    number(field(p, "learning_rate")), number(field(p, "elapsed_s")),
                    metrics(field(p, "test")), metrics(field(p, "train"))));
        }
        return new RunRecord(runId(field(o, "run")), RunStatus.valueOf(field(o, "status").textValue().toUpperCase(Locale.ROOT)),
                field(o, "message").textValue(), field(o, "steps").intValue(), field(o, "batch_size").intValue(),
                field(o, "initialization").textValue(), curve, timing(o.get("timing")));
    }

    /** @return a record's timing, {@link RunTiming#NONE} if it has none (not measured, or written by an older version) */
    private static RunTiming timing(JsonNode t) {
        if (t == null || t.isNull()) {
            return RunTiming.NONE;
        }
        return new RunTiming(field(t, "steps").intValue(), field(t, "training_cpu_s").doubleValue(),
                field(t, "training_wall_s").doubleValue(), field(t, "preparation_cpu_s").doubleValue(),
                field(t, "evaluations").intValue(), field(t, "evaluation_cpu_s").doubleValue());
    }

    /** @param job a sweep job @return its JSON */
    public static String job(SweepJob job) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", job.id());
        o.put("name", job.name());
        o.put("configuration", job.configuration());
        o.put("base_directory", job.baseDirectory());
        ArrayNode dirs = o.putArray("plugin_dirs");
        job.pluginDirs().forEach(dirs::add);
        ArrayNode runs = o.putArray("runs");
        job.runs().forEach(r -> runs.add(runIdNode(r)));
        ExecutionSection x = job.execution();
        ObjectNode e = o.putObject("execution");
        e.put("engine", x.engine().id());
        e.put("master", x.master());
        e.put("task_cpus", x.taskCpus());
        e.put("max_failures", x.maxFailures());
        e.put("spark_log_level", x.sparkLogLevel());
        ObjectNode conf = e.putObject("spark_conf");
        x.sparkConf().forEach(conf::put);
        o.put("checkpoint_dir", job.checkpointDirectory());
        o.put("checkpoint_interval_ms", job.checkpointInterval().toMillis());
        ObjectNode stops = o.putObject("stop_steps");
        job.stopSteps().forEach((label, steps) -> steps.forEach(stops.withArray(label)::add));
        return write(o);
    }

    /** @param json a job's JSON @return the job */
    public static SweepJob job(String json) {
        JsonNode o = read(json);
        List<String> dirs = new ArrayList<>();
        field(o, "plugin_dirs").forEach(d -> dirs.add(d.textValue()));
        List<RunId> runs = new ArrayList<>();
        field(o, "runs").forEach(r -> runs.add(runId(r)));
        JsonNode e = field(o, "execution");
        Map<String, String> conf = new LinkedHashMap<>();
        field(e, "spark_conf").fields().forEachRemaining(c -> conf.put(c.getKey(), c.getValue().textValue()));
        ExecutionSection x = new ExecutionSection(ExecutionSection.Engine.valueOf(field(e, "engine").textValue().toUpperCase(Locale.ROOT)),
                field(e, "master").textValue(), field(e, "task_cpus").intValue(), field(e, "max_failures").intValue(),
                field(e, "spark_log_level").textValue(), conf);
        Map<String, List<Integer>> stops = new LinkedHashMap<>();
        if (o.has("stop_steps")) {
            o.get("stop_steps").fields().forEachRemaining(s -> {
                List<Integer> steps = new ArrayList<>();
                s.getValue().forEach(v -> steps.add(v.intValue()));
                stops.put(s.getKey(), steps);
            });
        }
        return new SweepJob(field(o, "id").textValue(), field(o, "name").textValue(), field(o, "configuration").textValue(),
                field(o, "base_directory").textValue(), dirs, runs, x, field(o, "checkpoint_dir").textValue(),
                Duration.ofMillis(field(o, "checkpoint_interval_ms").longValue()), stops);
    }

    private static ObjectNode runIdNode(RunId id) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("architecture", id.architecture());
        o.put("train_size", id.trainSize());
        o.put("seed", id.seed());
        o.put("augmentation", id.augmentation());
        o.put("world", id.world().id());
        o.put("phase", id.phase().id());
        return o;
    }

    private static RunId runId(JsonNode o) {
        JsonNode phase = o.get("phase"); // absent in documents written before phases were recorded: a training run
        return new RunId(field(o, "architecture").textValue(), field(o, "train_size").intValue(), field(o, "seed").longValue(),
                field(o, "augmentation").textValue(), World.valueOf(field(o, "world").textValue().toUpperCase(Locale.ROOT)),
                phase == null ? RunPhase.TRAINING : RunPhase.valueOf(phase.textValue().toUpperCase(Locale.ROOT)));
    }

    private static void metrics(ObjectNode target, Map<String, Double> values) {
        new java.util.TreeMap<>(values).forEach((k, v) -> number(target, k, v));
    }

    private static Map<String, Double> metrics(JsonNode o) {
        Map<String, Double> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), number(e.getValue())));
        return m;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.put(key, Double.toString(v));
        }
    }

    private static double number(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.textValue()) : n.doubleValue();
    }

    private static JsonNode field(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("wire format: missing field '" + name + "' in " + abbreviate(o.toString()));
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("wire format: not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("wire format: cannot write JSON", e);
        }
    }
}
