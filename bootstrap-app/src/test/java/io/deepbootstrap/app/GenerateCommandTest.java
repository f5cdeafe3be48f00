package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.data.cifar.Cifar5mWriter;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.cifar.Cifar5mSource;
import io.deepbootstrap.data.synthetic.SyntheticImagesFactory;
import io.deepbootstrap.testsupport.FashionMnistData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void generatedPartsAreReadBackByTheCifar5mLoaderAndTrainOn() throws Exception {
        Path conf = dir.resolve("gen.conf");
        Files.writeString(conf, "data { type = synthetic-images, image-size = 32, channels = 3 }\n");
        Path out = dir.resolve("generated");
        CliRunner.Result r = CliRunner.run("generate", conf.toString(), "--count", "300", "--part-size", "128", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 300 examples (32x32x3, 10 classes) to 3 part(s)");
        assertThat(out.resolve("part0.npz")).exists();
        assertThat(out.resolve("part2.npz")).exists();

        // the parts hold exactly the generator's draws (stream FRESH of seed 0), quantized to uint8
        ExampleGenerator g = (ExampleGenerator) new SyntheticImagesFactory().create(ConfigFactory.parseString("image-size = 32, channels = 3")
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.DATA_SOURCE.defaultsPath("synthetic-images"))), null);
        ExamplePool pool = (ExamplePool) new Cifar5mSource.Factory().create(ConfigFactory.parseString(
                "dir = \"" + out.toString().replace("\\", "/") + "\", test-split-size = 0")
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.DATA_SOURCE.defaultsPath("cifar5m"))), new FixedDir(out));
        assertThat(pool.size()).isEqualTo(300);
        RandomGenerator random = RandomStreams.stream(0, RandomStreams.Purpose.FRESH);
        float[] drawn = new float[32 * 32 * 3];
        float[] read = new float[32 * 32 * 3];
        for (int i = 0; i < 300; i++) {
            int label = g.sample(random, drawn, 0);
            assertThat(pool.read(i, read, 0)).as("label of example %d", i).isEqualTo(label);
            for (int j = 0; j < drawn.length; j++) {
                assertThat(read[j]).isEqualTo(Cifar5mWriter.quantize(drawn[j]) / 127.5f - 1f);
            }
        }
        // read back through the cifar5m loader in a validated experiment: 300 examples, the last part's 44 as test split
        Path run = dir.resolve("run.conf");
        Files.writeString(run, """
                experiment { name = back, output-dir = "%s" }
                data { type = cifar5m, dir = "%s", test-part = 2, test-split-size = 44, train-sizes = [100], test-size = 44 }
                training { steps = 30, batch-size = 4 }
                architectures = [ { type = mlp, hidden = [16] } ]
                """.formatted(dir.toString().replace("\\", "/"), out.toString().replace("\\", "/")));
        CliRunner.Result v = CliRunner.run("run", run.toString(), "--no-progress");
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(dir.resolve("back/summary.json")).exists();
    }

    /** A data context whose paths are taken as given. */
    private record FixedDir(Path base) implements DataContext {
        @Override
        public Path resolve(String path) {
            return base.resolve(path);
        }

        @Override
        public Path cacheDirectory() {
            return base;
        }

        @Override
        public DataSource createDataSource(com.typesafe.config.Config config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel generativeModel(com.typesafe.config.Config config) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    @FashionMnistData
    void aPoolCannotBeGenerated() throws Exception {
        Path conf = dir.resolve("gen.conf");
        Files.writeString(conf, "data { type = fashion-mnist }\n");
        CliRunner.Result r = CliRunner.run("generate", conf.toString(), "--count", "10", "--out", dir.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("generate needs a generator").contains("'fashion-mnist' is a finite pool");
    }
}
