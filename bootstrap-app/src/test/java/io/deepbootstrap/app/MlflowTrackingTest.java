package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.tracking.FakeMlflowServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bootstrap run` with the mlflow listener, against the in-process MLflow stand-in of bootstrap-tracking. */
class MlflowTrackingTest {

    @TempDir
    Path dir;

    private CliRunner.Result run(String trackingUri) {
        return CliRunner.run("run", "--no-progress", "-Dexperiment.name=tracked", "-Dexperiment.output-dir=" + dir,
                "-Dtraining.steps=30", "-Ddata.test-size=200", "-Ddata.train-sizes=[100]", "-Devaluation.points=4",
                "-Darchitectures=[{type=mlp, hidden=[32]}]",
                "-Dexperiment.listeners=[{type=mlflow, tracking-uri=\"" + trackingUri + "\"}]");
    }

    @Test
    void everyWorldRunIsTrackedWithTheFinalResultFilesAsArtifacts() throws Exception {
        try (FakeMlflowServer server = new FakeMlflowServer()) {
            CliRunner.Result r = run(server.uri().toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(server.violations()).isEmpty();
            assertThat(server.experiments()).containsOnlyKeys("tracked");
            assertThat(server.runs()).extracting(run -> run.name + " " + run.status)
                    .containsExactly("mlp-n100-s0-real FINISHED", "mlp-s0-ideal FINISHED"); // real runs train first
            FakeMlflowServer.Run real = server.runs().get(0);
            assertThat(real.params).containsEntry("training.steps", "30").containsEntry("data.test-size", "200")
                    .containsEntry("run.train_size", "100");
            assertThat(real.tags).containsEntry("world", "real").containsEntry("train_size", "100")
                    .containsEntry("status", "ok");
            assertThat(FakeMlflowServer.history(real, "test_soft_error")).extracting(p -> p[0])
                    .containsExactly(1.0, 3.0, 10.0, 30.0);
            assertThat(FakeMlflowServer.history(real, "train_error")).hasSize(4);
            Path results = dir.resolve("tracked");
            for (FakeMlflowServer.Run run : server.runs()) {
                assertThat(run.artifacts).containsKeys("config.conf", "curves.csv", "summary.json", "report.html");
                assertThat(run.artifacts.get("report.html")).isEqualTo(Files.readAllBytes(results.resolve("report.html")));
            }
        }
    }

    @Test
    void aDeadTrackingServerDoesNotStopTheExperiment() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliRunner.Result r = run("http://127.0.0.1:" + port);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dir.resolve("tracked/report.html")).exists();
        assertThat(dir.resolve("tracked/summary.json")).exists();
    }
}
