package io.deepbootstrap.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The calls of MLflow's REST API 2.0 that tracking needs, over {@link HttpClient} with JSON bodies:
 * experiments/get-by-name and experiments/create, runs/create, runs/log-batch, runs/update, and
 * artifact upload through the server's {@code mlflow-artifacts} proxy. Every call throws on an error
 * answer ({@link MlflowException}) or a transport failure (an {@link IOException}, e.g. a timeout).
 */
public final class MlflowClient {

    /** A metric value at a step. */
    public record Metric(String key, double value, long timestamp, long step) {
    }

    /** A param or tag. */
    public record Entry(String key, String value) {
    }

    /**
     * A created run.
     *
     * @param runId its id
     * @param artifactUri where its artifacts go, e.g. {@code mlflow-artifacts:/1/<run_id>/artifacts}
     */
    public record RunInfo(String runId, String artifactUri) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base the tracking server, e.g. {@code http://localhost:5000}
     * @param timeout timeout of each request (and of connecting)
     */
    public MlflowClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * @param name an experiment name
     * @return the id of the experiment with that name, created if there is none
     * @throws IOException on an error answer or transport failure
     */
    public String experimentId(String name) throws IOException {
        try {
            return get("experiments/get-by-name?experiment_name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                    .path("experiment").path("experiment_id").asText();
        } catch (MlflowException e) {
            if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
        }
        ObjectNode body = MAPPER.createObjectNode().put("name", name);
        try {
            return post("experiments/create", body).path("experiment_id").asText();
        } catch (MlflowException e) {
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) { // created meanwhile by someone else
                return experimentId(name);
            }
            throw e;
        }
    }

    /**
     * @param experimentId the experiment
     * @param runName the run's name
     * @param startTime start time, milliseconds since the epoch
     * @param tags the run's tags
     * @return the created run
     * @throws IOException on an error answer or transport failure
     */
    public RunInfo createRun(String experimentId, String runName, long startTime, List<Entry> tags) throws IOException {
        ObjectNode body = MAPPER.createObjectNode().put("experiment_id", experimentId).put("run_name", runName)
                .put("start_time", startTime);
        entries(body.putArray("tags"), tags);
        JsonNode info = post("runs/create", body).path("run").path("info");
        return new RunInfo(info.path("run_id").asText(), info.path("artifact_uri").asText());
    }

    /**
     * @param runId the run
     * @param metrics metrics (at most 1,000), params (at most 100) and tags (at most 100), 1,000 in all
     * @param params params
     * @param tags tags
     * @throws IOException on an error answer or transport failure
     */
    public void logBatch(String runId, List<Metric> metrics, List<Entry> params, List<Entry> tags) throws IOException {
        ObjectNode body = MAPPER.createObjectNode().put("run_id", runId);
        ArrayNode m = body.putArray("metrics");
        for (Metric metric : metrics) {
            ObjectNode node = m.addObject().put("key", metric.key());
            if (Double.isFinite(metric.value())) {
                node.put("value", metric.value());
            } else { // protobuf's JSON form of non-finite doubles
                node.put("value", Double.isNaN(metric.value()) ? "NaN"
                        : metric.value() > 0 ? "Infinity" : "-Infinity");
            }
            node.put("timestamp", metric.timestamp()).put("step", metric.step());
        }
        entries(body.putArray("params"), params);
        entries(body.putArray("tags"), tags);
        post("runs/log-batch", body);
    }

    /**
     * @param runId the run
     * @param status {@code RUNNING}, {@code FINISHED}, {@code FAILED} or {@code KILLED}
     * @param endTime end time, milliseconds since the epoch
     * @throws IOException on an error answer or transport failure
     */
    public void updateRun(String runId, String status, long endTime) throws IOException {
        post("runs/update", MAPPER.createObjectNode().put("run_id", runId).put("status", status)
                .put("end_time", endTime));
    }

    /**
     * @param artifactPath the artifact's path under the proxy's root, e.g. {@code 1/<run_id>/artifacts/report.html}
     * @param content the file's bytes
     * @throws IOException on an error answer or transport failure
     */
    public void uploadArtifact(String artifactPath, byte[] content) throws IOException {
        StringBuilder path = new StringBuilder();
        for (String segment : artifactPath.split("/")) {
            path.append(path.length() == 0 ? "" : "/")
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        send("PUT mlflow-artifacts/artifacts", HttpRequest.newBuilder(base.resolve(
                "/api/2.0/mlflow-artifacts/artifacts/" + path)).timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    private static void entries(ArrayNode array, List<Entry> entries) {
        entries.forEach(e -> array.addObject().put("key", e.key()).put("value", e.value()));
    }

    private JsonNode get(String endpoint) throws IOException {
        return send("GET " + endpoint.replaceAll("\\?.*", ""), HttpRequest.newBuilder(
                base.resolve("/api/2.0/mlflow/" + endpoint)).timeout(timeout).GET().build());
    }

    private JsonNode post(String endpoint, ObjectNode body) throws IOException {
        return send("POST " + endpoint, HttpRequest.newBuilder(base.resolve("/api/2.0/mlflow/" + endpoint))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build());
    }

    private JsonNode send(String what, HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        }
        String text = response.body() == null ? "" : response.body();
        JsonNode json;
        try {
            json = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
        } catch (IOException notJson) {
            json = null;
        }
        if (response.statusCode() / 100 != 2) {
            String code = json == null ? "" : json.path("error_code").asText("");
            String message = json == null ? abbreviate(text) : json.path("message").asText(abbreviate(text));
            throw new MlflowException(what, response.statusCode(), code, message);
        }
        if (json == null) {
            throw new IOException(what + ": answer is not JSON: " + abbreviate(text));
        }
        return json;
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
