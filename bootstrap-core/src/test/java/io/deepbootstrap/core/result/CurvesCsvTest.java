package io.deepbootstrap.core.result;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesCsvTest {

    @TempDir
    Path dir;

    @Test
    void writesOneTidyRowPerRunAndStep() throws IOException {
        List<RunRecord> runs = List.of(
                realRun("cnn", 2000, 3, 100,
                        TestRuns.withExtra(real(10, 0.5, 0.45, 1.25, 0.4, 0.35, 1.0), "ece", 0.125, 0.0625),
                        real(100, 0.3, 0.28, 0.9, 0.005, 0.01, 0.05)),
                idealRun("cnn", 3, 100, ideal(10, 0.45, 0.4, 1.2)),
                TestRuns.run(new RunId("mlp", 2000, 3, "flip", World.REAL), RunStatus.DIVERGED, "NaN", 100,
                        real(10, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 0.9, 0.9, Double.NaN)));
        Path file = dir.resolve(CurvesCsv.FILE_NAME);

        CurvesCsv.write(file, runs);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(
                "run,architecture,train_size,seed,augmentation,world,step,examples_seen,"
                        + "test_error,test_soft_error,test_loss,train_error,train_soft_error,train_loss,"
                        + "learning_rate,elapsed_s,test_ece,train_ece",
                "cnn-n2000-s3-real,cnn,2000,3,none,real,10,100,0.5,0.45,1.25,0.4,0.35,1.0,0.1,0.1,0.125,0.0625",
                "cnn-n2000-s3-real,cnn,2000,3,none,real,100,1000,0.3,0.28,0.9,0.005,0.01,0.05,0.1,1.0,,",
                "cnn-s3-ideal,cnn,,3,none,ideal,10,100,0.45,0.4,1.2,,,,0.1,0.1,,",
                "mlp-flip-n2000-s3-real,mlp,2000,3,flip,real,10,100,NaN,NaN,Infinity,0.9,0.9,NaN,0.1,0.1,,");
        assertThat(Files.readString(file)).endsWith("\n").doesNotContain("\r");
        assertThat(lines).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(18));
    }

    @Test
    void headerOnlyWhenThereAreNoRuns() {
        assertThat(CurvesCsv.render(List.of())).isEqualTo("run,architecture,train_size,seed,augmentation,world,"
                + "step,examples_seen,test_error,test_soft_error,test_loss,train_error,train_soft_error,train_loss,"
                + "learning_rate,elapsed_s\n");
    }

    @Test
    void quotesFieldsWithSeparators() {
        assertThat(CurvesCsv.escape("plain")).isEqualTo("plain");
        assertThat(CurvesCsv.escape("a,b")).isEqualTo("\"a,b\"");
        assertThat(CurvesCsv.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CurvesCsv.escape("two\nlines")).isEqualTo("\"two\nlines\"");
    }
}
