package io.deepbootstrap.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener against a real MLflow tracking server, started here from the {@code mlflow} executable
 * on a free loopback port with a SQLite backend store and a served artifact store in a temporary folder;
 * everything is read back through MLflow's REST API. Skipped (with the reason) where {@code mlflow} is
 * not on the PATH.
 */
@Tag("mlflow")
class MlflowRealServerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process server;
    private URI uri;

    static boolean mlflowOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, "mlflow"))) {
                return true;
            }
        }
        return false;
    }

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(mlflowOnPath(), "no 'mlflow' executable on the PATH: install MLflow (pip install mlflow) "
                + "to run the test against a real tracking server");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path store = Files.createDirectories(dir.resolve("mlflow"));
        server = new ProcessBuilder("mlflow", "server", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--backend-store-uri", "sqlite:///" + store.resolve("mlflow.db"),
                "--artifacts-destination", store.resolve("artifacts").toString(), "--workers", "1")
                .redirectErrorStream(true).redirectOutput(store.resolve("server.log").toFile()).start();
        uri = URI.create("http://127.0.0.1:" + port);
        for (int i = 0; i < 240; i++) { // the server needs a few seconds to start
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
            assertThat(server.isAlive()).as("mlflow server exited: " + Files.readString(store.resolve("server.log")))
                    .isTrue();
        }
        throw new AssertionError("mlflow server did not answer /health: " + Files.readString(store.resolve("server.log")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    @Test
    void runsParamsMetricHistoryAndArtifactsReadBackThroughTheRestApi() throws Exception {
        Files.writeString(dir.resolve("config.conf"), "experiment { name = real-server }\ntraining { steps = 100 }\n");
        Files.writeString(dir.resolve("curves.csv"), "run,step\ncnn-s0-ideal,1\n");
        MlflowSettings settings = MlflowSettings.of(ConfigFactory.parseString("tracking-uri = \"" + uri + "\"")
                .withFallback(ConfigFactory.parseResources("reference.conf")
                        .getConfig("bootstrap.components.run-listener.mlflow")), "real-server");
        List<String> warnings = new ArrayList<>();
        MlflowListener listener = new MlflowListener(settings, dir, warnings::add);
        RunId ideal = new RunId("cnn", 0, 0, "none", World.IDEAL);
        listener.runStarted(ideal, 100);
        for (int step : new int[] {1, 10, 100}) {
            listener.evaluated(ideal, new Evaluation(step, step * 64L, 0.05, step, Map.of("soft-error", 1.0 / step),
                    Map.of()));
        }
        listener.runFinished(ideal, RunStatus.OK, "");
        listener.close();
        assertThat(warnings).isEmpty();

        String experimentId = get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=real-server")
                .path("experiment").path("experiment_id").asText();
        HttpResponse<String> search = HTTP.send(HttpRequest.newBuilder(uri.resolve("/api/2.0/mlflow/runs/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"experiment_ids\":[\"" + experimentId + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode run = MAPPER.readTree(search.body()).path("runs").get(0);
        String runId = run.path("info").path("run_id").asText();
        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
        Map<String, String> params = new HashMap<>();
        run.path("data").path("params").forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
        assertThat(params).containsEntry("training.steps", "100").containsEntry("run.world", "ideal");
        Map<String, String> tags = new HashMap<>();
        run.path("data").path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        assertThat(tags).containsEntry("world", "ideal").containsEntry("architecture", "cnn").containsEntry("status", "ok");

        JsonNode history = get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=test_soft_error");
        List<String> points = new ArrayList<>();
        history.path("metrics").forEach(m -> points.add(m.path("step").asLong() + "=" + m.path("value").asDouble()));
        assertThat(points).containsExactly("1=1.0", "10=0.1", "100=0.01");

        JsonNode artifacts = get("/api/2.0/mlflow/artifacts/list?run_id=" + runId);
        List<String> files = new ArrayList<>();
        artifacts.path("files").forEach(f -> files.add(f.path("path").asText()));
        assertThat(files).containsExactlyInAnyOrder("config.conf", "curves.csv");
        String artifactRoot = run.path("info").path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/", "");
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(uri.resolve("/api/2.0/mlflow-artifacts/artifacts/"
                + artifactRoot + "/" + URLEncoder.encode("curves.csv", StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(Files.readAllBytes(dir.resolve("curves.csv")));
    }
}
