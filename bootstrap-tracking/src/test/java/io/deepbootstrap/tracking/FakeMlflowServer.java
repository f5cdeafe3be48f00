package io.deepbootstrap.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for an MLflow tracking server (com.sun.net.httpserver on a free loopback port)
 * that checks every request against MLflow's documented REST API 2.0 request schema and answers as
 * MLflow does: experiments/get-by-name (404 RESOURCE_DOES_NOT_EXIST), experiments/create (400
 * RESOURCE_ALREADY_EXISTS), runs/create, runs/log-batch (limits: 1,000 metrics, 100 params, 100 tags,
 * 1,000 in all; keys of at most 250 characters from {@code [A-Za-z0-9_-. /]}; param values of at most
 * {@link #MAX_PARAM_VALUE} characters; a param may not change its value), runs/update and uploads
 * through the mlflow-artifacts proxy. A request that breaks the schema gets MLflow's 400
 * INVALID_PARAMETER_VALUE and is recorded in {@link #violations()}. Tests can make it fail an endpoint
 * or stop answering.
 */
public final class FakeMlflowServer implements AutoCloseable {

    /** Longest param value accepted (MLflow before 2.0; newer servers accept 6,000). */
    public static final int MAX_PARAM_VALUE = 500;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-. /]{1,250}");
    private static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

    /** A run as stored. */
    public static final class Run {
        public final String id;
        public final String experimentId;
        public final String name;
        public volatile String status = "RUNNING";
        public volatile long endTime;
        public final Map<String, String> params = new ConcurrentHashMap<>();
        public final Map<String, String> tags = new ConcurrentHashMap<>();
        /** metric key to (step, value, timestamp) in logging order */
        public final Map<String, List<double[]>> metrics = new ConcurrentHashMap<>();
        public final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();

        Run(String id, String experimentId, String name) {
            this.id = id;
            this.experimentId = experimentId;
            this.name = name;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, String> experiments = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hanging;

    /** Starts the server on a free loopback port. */
    public FakeMlflowServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the tracking URI, e.g. {@code http://127.0.0.1:41234} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the requests received, as {@code METHOD path} */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** @return descriptions of every request that broke MLflow's schema */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** @return experiment name to id */
    public Map<String, String> experiments() {
        return Map.copyOf(experiments);
    }

    /** @return the runs, in creation order */
    public List<Run> runs() {
        synchronized (runs) {
            return List.copyOf(runs.values());
        }
    }

    /**
     * @param endpoint e.g. {@code runs/log-batch}
     * @param status the HTTP status to answer every such request with (MLflow's error body)
     */
    public void fail(String endpoint, int status) {
        failing.put(endpoint, status);
    }

    /** From now on, accept requests but never answer them (until {@link #close}). */
    public void hang() {
        hanging = true;
    }

    /**
     * Creates an experiment as if another client had.
     *
     * @param name its name
     * @return its id
     */
    public String createExperiment(String name) {
        String id = Integer.toString(experiments.size() + 1);
        experiments.put(name, id);
        return id;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (hanging) {
                released.await();
                return;
            }
            String api = "/api/2.0/mlflow/";
            String artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
            String endpoint = path.startsWith(api) ? path.substring(api.length())
                    : path.startsWith(artifacts) ? "mlflow-artifacts" : path;
            Integer failure = failing.get(endpoint);
            if (failure != null) {
                error(exchange, failure, failure >= 500 ? "INTERNAL_ERROR" : "INVALID_PARAMETER_VALUE",
                        "configured to fail");
                return;
            }
            if (endpoint.equals("mlflow-artifacts")) {
                upload(exchange, URLDecoder.decode(path.substring(artifacts.length()), StandardCharsets.UTF_8), body);
                return;
            }
            String method = exchange.getRequestMethod();
            switch (method + " " + endpoint) {
                case "GET experiments/get-by-name" -> getByName(exchange);
                case "POST experiments/create" -> createExperiment(exchange, json(exchange, body));
                case "POST runs/create" -> createRun(exchange, json(exchange, body));
                case "POST runs/log-batch" -> logBatch(exchange, json(exchange, body));
                case "POST runs/update" -> updateRun(exchange, json(exchange, body));
                default -> {
                    violations.add("unknown endpoint " + method + " " + path);
                    error(exchange, 404, "ENDPOINT_NOT_FOUND", "No API endpoint " + path);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Invalid e) {
            violations.add(e.getMessage());
            error(exchange, 400, "INVALID_PARAMETER_VALUE", e.getMessage());
        }
    }

    /** A request that breaks the schema. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static JsonNode json(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            throw new Invalid(exchange.getRequestURI().getPath() + ": Content-Type " + type + ", expected application/json");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (!node.isObject()) {
                throw new Invalid("body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new Invalid("body is not JSON: " + e.getMessage());
        }
    }

    private static void fields(JsonNode node, String where, String... allowed) {
        Set<String> known = Set.of(allowed);
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new Invalid(where + ": unknown field '" + f + "'");
            }
        });
    }

    private static String string(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new Invalid(where + ": '" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    private static long int64(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new Invalid(where + ": '" + field + "' must be an int64, got " + v);
        }
        return v.asLong();
    }

    private void getByName(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !query.startsWith("experiment_name=")) {
            throw new Invalid("experiments/get-by-name: missing experiment_name");
        }
        String name = URLDecoder.decode(query.substring("experiment_name=".length()), StandardCharsets.UTF_8);
        String id = experiments.get(name);
        if (id == null) {
            error(exchange, 404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
            return;
        }
        ObjectNode answer = MAPPER.createObjectNode();
        answer.putObject("experiment").put("experiment_id", id).put("name", name).put("lifecycle_stage", "active")
                .put("artifact_location", "mlflow-artifacts:/" + id);
        ok(exchange, answer);
    }

    private void createExperiment(HttpExchange exchange, JsonNode body) throws IOException {
        fields(body, "experiments/create", "name", "artifact_location", "tags");
        String name = string(body, "name", "experiments/create");
        if (name.isEmpty()) {
            throw new Invalid("experiments/create: empty name");
        }
        synchronized (experiments) {
            if (experiments.containsKey(name)) {
                error(exchange, 400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
                return;
            }
            ok(exchange, MAPPER.createObjectNode().put("experiment_id", createExperiment(name)));
        }
    }

    private void createRun(HttpExchange exchange, JsonNode body) throws IOException {
        String where = "runs/create";
        fields(body, where, "experiment_id", "user_id", "run_name", "start_time", "tags");
        String experimentId = string(body, "experiment_id", where);
        if (!experiments.containsValue(experimentId)) {
            error(exchange, 404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
            return;
        }
        int64(body, "start_time", where);
        String id = "run" + runs.size() + "x" + Long.toHexString(System.nanoTime());
        Run run = new Run(id, experimentId, body.has("run_name") ? string(body, "run_name", where) : "");
        for (JsonNode tag : entries(body, "tags", where, 5000)) {
            run.tags.put(tag.get("key").asText(), tag.get("value").asText());
        }
        runs.put(id, run);
        ObjectNode answer = MAPPER.createObjectNode();
        ObjectNode info = answer.putObject("run").putObject("info");
        info.put("run_id", id).put("run_uuid", id).put("experiment_id", experimentId).put("run_name", run.name)
                .put("status", "RUNNING").put("lifecycle_stage", "active")
                .put("artifact_uri", "mlflow-artifacts:/" + experimentId + "/" + id + "/artifacts");
        ok(exchange, answer);
    }

    private List<JsonNode> entries(JsonNode body, String field, String where, int maxValue) {
        JsonNode array = body.get(field);
        List<JsonNode> list = new ArrayList<>();
        if (array == null) {
            return list;
        }
        if (!array.isArray()) {
            throw new Invalid(where + ": '" + field + "' must be an array");
        }
        for (JsonNode e : array) {
            fields(e, where + " " + field, "key", "value");
            String key = string(e, "key", where + " " + field);
            String value = string(e, "value", where + " " + field);
            if (!KEY.matcher(key).matches()) {
                throw new Invalid(where + ": invalid " + field + " key '" + key + "'");
            }
            if (value.length() > maxValue) {
                throw new Invalid(where + ": " + field + " '" + key + "' value has " + value.length()
                        + " characters, at most " + maxValue + " allowed");
            }
            list.add(e);
        }
        return list;
    }

    private Run run(JsonNode body, String where) {
        Run run = runs.get(string(body, "run_id", where));
        if (run == null) {
            throw new Invalid(where + ": no run " + body.get("run_id"));
        }
        return run;
    }

    private void logBatch(HttpExchange exchange, JsonNode body) throws IOException {
        String where = "runs/log-batch";
        fields(body, where, "run_id", "metrics", "params", "tags");
        Run run = run(body, where);
        List<JsonNode> params = entries(body, "params", where, MAX_PARAM_VALUE);
        List<JsonNode> tags = entries(body, "tags", where, 5000);
        JsonNode metrics = body.path("metrics");
        int m = metrics.isArray() ? metrics.size() : 0;
        if (m > 1000 || params.size() > 100 || tags.size() > 100 || m + params.size() + tags.size() > 1000) {
            throw new Invalid(where + ": too many entities: " + m + " metrics, " + params.size() + " params, "
                    + tags.size() + " tags");
        }
        for (JsonNode p : params) {
            String old = run.params.get(p.get("key").asText());
            if (old != null && !old.equals(p.get("value").asText())) {
                throw new Invalid(where + ": param '" + p.get("key").asText() + "' already logged with value '" + old
                        + "', cannot change it to '" + p.get("value").asText() + "'");
            }
        }
        List<double[]> parsed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (JsonNode metric : metrics) {
            fields(metric, where + " metrics", "key", "value", "timestamp", "step");
            String key = string(metric, "key", where + " metric");
            if (!KEY.matcher(key).matches()) {
                throw new Invalid(where + ": invalid metric key '" + key + "'");
            }
            JsonNode v = metric.get("value");
            double value;
            if (v != null && v.isNumber()) {
                value = v.asDouble();
            } else if (v != null && Set.of("NaN", "Infinity", "-Infinity").contains(v.asText())) {
                value = Double.parseDouble(v.asText());
            } else {
                throw new Invalid(where + ": metric '" + key + "' value must be a double, got " + v);
            }
            long timestamp = int64(metric, "timestamp", where + " metric");
            long step = metric.has("step") ? int64(metric, "step", where + " metric") : 0;
            keys.add(key);
            parsed.add(new double[] {step, value, timestamp});
        }
        params.forEach(p -> run.params.put(p.get("key").asText(), p.get("value").asText()));
        tags.forEach(t -> run.tags.put(t.get("key").asText(), t.get("value").asText()));
        for (int i = 0; i < keys.size(); i++) {
            run.metrics.computeIfAbsent(keys.get(i), k -> Collections.synchronizedList(new ArrayList<>())).add(parsed.get(i));
        }
        ok(exchange, MAPPER.createObjectNode());
    }

    private void updateRun(HttpExchange exchange, JsonNode body) throws IOException {
        String where = "runs/update";
        fields(body, where, "run_id", "run_uuid", "status", "end_time", "run_name");
        Run run = run(body, where);
        String status = string(body, "status", where);
        if (!STATUSES.contains(status)) {
            throw new Invalid(where + ": status '" + status + "' is not one of " + STATUSES);
        }
        run.status = status;
        run.endTime = int64(body, "end_time", where);
        ObjectNode answer = MAPPER.createObjectNode();
        answer.putObject("run_info").put("run_id", run.id).put("status", status);
        ok(exchange, answer);
    }

    private void upload(HttpExchange exchange, String artifactPath, byte[] body) throws IOException {
        if (!exchange.getRequestMethod().equals("PUT")) {
            throw new Invalid("mlflow-artifacts: " + exchange.getRequestMethod() + ", expected PUT");
        }
        String[] parts = artifactPath.split("/", 4);
        Run run = parts.length == 4 && parts[2].equals("artifacts") ? runs.get(parts[1]) : null;
        if (run == null || !run.experimentId.equals(parts[0])) {
            throw new Invalid("mlflow-artifacts: path '" + artifactPath + "' is not <experiment>/<run>/artifacts/<file>");
        }
        run.artifacts.put(parts[3], body);
        ok(exchange, MAPPER.createObjectNode());
    }

    private static void ok(HttpExchange exchange, JsonNode answer) throws IOException {
        send(exchange, 200, answer);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, MAPPER.createObjectNode().put("error_code", code).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode answer) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** @return the runs' metric history of one key as [step, value] pairs, for assertions */
    public static List<double[]> history(Run run, String key) {
        List<double[]> h = run.metrics.getOrDefault(key, List.of());
        synchronized (h) {
            return h.stream().map(p -> new double[] {p[0], p[1]}).toList();
        }
    }

}
