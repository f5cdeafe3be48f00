package io.deepbootstrap.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The listener against an in-process server that checks every request against MLflow's REST API schema. */
class MlflowListenerProtocolTest {

    private static final RunId IDEAL = new RunId("cnn", 0, 7, "none", World.IDEAL);
    private static final RunId REAL = new RunId("cnn", 2000, 7, "none", World.REAL);

    @TempDir
    Path dir;

    private final FakeMlflowServer server;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    MlflowListenerProtocolTest() throws IOException {
        server = new FakeMlflowServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MlflowListener listener(URI uri, String extra) {
        MlflowSettings settings = MlflowSettings.of(ConfigFactory.parseString("tracking-uri = \"" + uri + "\"\n" + extra)
                .withFallback(ConfigFactory.parseResources("reference.conf")
                        .getConfig("bootstrap.components.run-listener.mlflow")), "paper");
        return new MlflowListener(settings, dir, warnings::add);
    }

    private static Evaluation evaluation(int step, double softError, boolean train) {
        return new Evaluation(step, step * 64L, 0.05, step * 0.1,
                Map.of("soft-error", softError, "error", softError / 2, "loss", 2 * softError),
                train ? Map.of("soft-error", softError / 3, "error", softError / 4, "loss", softError) : Map.of());
    }

    @Test
    void everyWorldRunBecomesAnMlflowRunWithParamsMetricsTagsStatusAndArtifacts() throws IOException {
        Files.writeString(dir.resolve("config.conf"), "experiment { name = paper, seed = 7 }\n"
                + "training { steps = 100, optimizer { type = sgd, learning-rate = 0.05 } }\n"
                + "architectures = [ { type = cnn } ]\n");
        Files.writeString(dir.resolve("curves.csv"), "run,step\ncnn-s7-ideal,1\n");
        Files.write(dir.resolve("report.html"), "<html>é</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MlflowListener listener = listener(server.uri(), "");

        listener.runStarted(IDEAL, 100);
        for (int step : new int[] {1, 10, 100}) {
            listener.evaluated(IDEAL, evaluation(step, 1.0 / step, false));
        }
        listener.runFinished(IDEAL, RunStatus.OK, "");
        listener.runStarted(REAL, 100);
        listener.evaluated(REAL, evaluation(1, 0.9, true));
        listener.evaluated(REAL, new Evaluation(10, 640, 0.05, 1, Map.of("soft-error", Double.NaN), Map.of()));
        listener.runFinished(REAL, RunStatus.DIVERGED, "loss NaN at step 10");
        listener.close();

        assertThat(server.violations()).isEmpty();
        assertThat(warnings).isEmpty();
        assertThat(server.experiments()).containsOnlyKeys("paper");
        assertThat(server.runs()).hasSize(2);
        FakeMlflowServer.Run ideal = server.runs().get(0);
        FakeMlflowServer.Run real = server.runs().get(1);
        assertThat(ideal.name).isEqualTo("cnn-s7-ideal");
        assertThat(ideal.tags).containsEntry("world", "ideal").containsEntry("architecture", "cnn")
                .containsEntry("seed", "7").containsEntry("train_size", "").containsEntry("phase", "training")
                .containsEntry("status", "ok");
        assertThat(real.tags).containsEntry("world", "real").containsEntry("train_size", "2000")
                .containsEntry("status", "diverged").containsEntry("message", "loss NaN at step 10");
        assertThat(ideal.params).containsEntry("run.label", "cnn-s7-ideal").containsEntry("run.seed", "7")
                .containsEntry("training.steps", "100").containsEntry("training.optimizer.learning-rate", "0.05")
                .containsEntry("training.optimizer.type", "sgd").containsEntry("architectures", "[{\"type\":\"cnn\"}]");
        assertThat(FakeMlflowServer.history(ideal, "test_soft_error"))
                .containsExactly(new double[] {1, 1.0}, new double[] {10, 0.1}, new double[] {100, 0.01});
        assertThat(FakeMlflowServer.history(ideal, "learning_rate")).hasSize(3);
        assertThat(ideal.metrics).doesNotContainKey("train_soft_error");
        assertThat(FakeMlflowServer.history(real, "train_soft_error")).containsExactly(new double[] {1, 0.3});
        assertThat(FakeMlflowServer.history(real, "test_soft_error").get(1)[1]).isNaN();
        assertThat(ideal.status).isEqualTo("FINISHED");
        assertThat(real.status).isEqualTo("FAILED");
        for (FakeMlflowServer.Run run : server.runs()) {
            assertThat(run.artifacts).containsOnlyKeys("config.conf", "curves.csv", "report.html");
            assertThat(run.artifacts.get("report.html")).isEqualTo(Files.readAllBytes(dir.resolve("report.html")));
        }
    }

    @Test
    void paramsRespectMlflowLimits() throws IOException {
        StringBuilder conf = new StringBuilder("long = \"" + "x".repeat(2000) + "\"\n\"odd key!\" = 1\n");
        for (int i = 0; i < 230; i++) {
            conf.append("sweep.p").append(i).append(" = ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("config.conf"), conf);
        MlflowListener listener = listener(server.uri(), "artifacts = false");

        listener.runStarted(REAL, 10);
        listener.close();

        assertThat(server.violations()).isEmpty();
        FakeMlflowServer.Run run = server.runs().get(0);
        assertThat(run.params).hasSize(232 + 7);
        assertThat(run.params.get("long")).hasSize(FakeMlflowServer.MAX_PARAM_VALUE).endsWith("…");
        assertThat(run.params).containsEntry("odd key_", "1").containsEntry("sweep.p229", "229");
        assertThat(server.requests().stream().filter(r -> r.endsWith("runs/log-batch")).count()).isEqualTo(3);
    }

    @Test
    void pretrainingRunsAreTaggedWithTheirPhase() throws IOException {
        Files.writeString(dir.resolve("config.conf"), "a = 1\n");
        MlflowListener listener = listener(server.uri(), "artifacts = false");

        listener.runStarted(RunId.pretraining("cnn", 3), 50);
        listener.runFinished(RunId.pretraining("cnn", 3), RunStatus.OK, "");
        listener.close();

        assertThat(server.violations()).isEmpty();
        assertThat(server.runs()).singleElement().satisfies(r -> {
            assertThat(r.name).isEqualTo("cnn-pretrain-s3");
            assertThat(r.tags).containsEntry("phase", "pretraining");
            assertThat(r.params).containsEntry("run.phase", "pretraining");
        });
    }

    @Test
    void anExistingExperimentIsReused() throws IOException {
        String id = server.createExperiment("shared");
        MlflowListener listener = listener(server.uri(), "experiment-name = shared, artifacts = false");

        listener.runStarted(IDEAL, 10);
        listener.close();

        assertThat(server.requests()).noneMatch(r -> r.endsWith("experiments/create"));
        assertThat(server.runs()).singleElement().satisfies(r -> assertThat(r.experimentId).isEqualTo(id));
        assertThat(warnings).contains("mlflow: no config params: cannot read " + dir.resolve("config.conf") + ": "
                + dir.resolve("config.conf") + " (the experiment goes on; further occurrences are counted)");
    }

    @Test
    void errorAnswersAreReportedOncePerKindAndTheRestGoesOn() throws IOException {
        Files.writeString(dir.resolve("config.conf"), "a = 1\n");
        server.fail("runs/log-batch", 500);
        MlflowListener listener = listener(server.uri(), "artifacts = false");

        listener.runStarted(IDEAL, 10);
        listener.evaluated(IDEAL, evaluation(1, 0.5, false));
        listener.evaluated(IDEAL, evaluation(2, 0.4, false));
        listener.runFinished(IDEAL, RunStatus.OK, "");
        listener.close();

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("mlflow: runs/log-batch refused (HTTP 500 INTERNAL_ERROR): "
                + "POST runs/log-batch: HTTP 500 INTERNAL_ERROR: configured to fail");
        assertThat(warnings.get(1)).isEqualTo("mlflow: runs/log-batch refused (HTTP 500 INTERNAL_ERROR): 4 times in all");
        assertThat(server.runs()).singleElement().satisfies(r -> assertThat(r.status).isEqualTo("FINISHED"));
    }

    @Test
    void aDeadServerIsReportedOnceAndGivenUpOn() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MlflowListener listener = listener(URI.create("http://127.0.0.1:" + port), "max-consecutive-failures = 2");

        for (RunId run : List.of(IDEAL, REAL)) {
            listener.runStarted(run, 10);
            listener.evaluated(run, evaluation(1, 0.5, run == REAL));
            listener.runFinished(run, RunStatus.OK, "");
        }
        listener.close();

        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith("mlflow: server unreachable at http://127.0.0.1:" + port + ": ");
        assertThat(warnings.get(1)).startsWith("mlflow: giving up: 2 requests in a row failed to reach");
        assertThat(warnings.get(2)).isEqualTo("mlflow: server unreachable at http://127.0.0.1:" + port + ": 2 times in all");
    }

    @Test
    @Timeout(60)
    void aServerThatNeverAnswersTimesOutAndCloseReturns() throws IOException {
        server.hang();
        MlflowListener listener = listener(server.uri(), "request-timeout = 200ms, flush-timeout = 20s");

        listener.runStarted(IDEAL, 10);
        for (int step = 1; step <= 50; step++) {
            listener.evaluated(IDEAL, evaluation(step, 0.5, false));
        }
        listener.runFinished(IDEAL, RunStatus.OK, "");
        listener.close();

        assertThat(warnings.get(0)).startsWith("mlflow: server unreachable at " + server.uri() + ": "
                + "java.net.http.HttpTimeoutException");
        assertThat(warnings).anyMatch(w -> w.startsWith("mlflow: giving up: 3 requests in a row"));
        assertThat(server.requests()).hasSize(3);
    }
}
