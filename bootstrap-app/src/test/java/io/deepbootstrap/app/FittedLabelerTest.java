package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.experiment.RunContexts;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.data.fitted.FittedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fitted source's labeller through the framework's wiring: a small MLP trained on the real source by the
 * framework's trainer labels the generated samples; its accuracy, determinism, cache and errors.
 */
class FittedLabelerTest {
    /** Three well-separated Gaussian classes in 16 dimensions: a Bayes accuracy above 99%. */
    private static final String FITTED = "type = fitted, fit-examples = 600, "
            + "source = { type = gaussian-mixture, classes = 3, dimension = 16, separation = 4.0, noise = 1.0 }, "
            + "model = { type = pca-gmm, pca-dims = 4, components = 2, iterations = 10 }, "
            + "labeler = { architecture = { type = mlp, hidden = [32] }, steps = 300, batch-size = 32, test-examples = 2000 }";
    /** The accuracy floor of that labeller on the real test draws. */
    private static final double FLOOR = 0.95;

    @TempDir
    Path dir;

    private RunContexts.Data context() {
        ComponentRegistry registry = new ComponentRegistry(BuiltInComponents.discover(getClass().getClassLoader(), ConfigFactory.load()));
        return new RunContexts.Data(dir, dir.resolve("cache"), new ComponentConfigs(registry, ConfigFactory.load()));
    }

    private FittedSource open(String config) {
        DataSource source = context().createDataSource(ConfigFactory.parseString(config));
        return (FittedSource) source;
    }

    private static int[] labels(FittedSource source, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[source.inputShape().size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = source.sample(random, x, 0);
        }
        return labels;
    }

    private Path cachedLabeler() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cache/fitted"))) {
            return files.filter(p -> p.getFileName().toString().matches("labeler-mlp-[0-9a-f]{20}\\.net")).findFirst().orElseThrow();
        }
    }

    @Test
    void aSmallMlpLabelsTheSamplesAboveTheFloorAsAFunctionOfTheImageAndIsCachedByteExact() throws IOException {
        int[] trained;
        double accuracy;
        try (FittedSource source = open(FITTED)) {
            Labeler labeler = source.labeler();
            accuracy = labeler.testAccuracy();
            assertThat(accuracy).as("labeller accuracy on the real test draws").isGreaterThan(FLOOR);
            assertThat(labeler.description()).contains("mlp, 300 steps of batch 32").contains("on 2000 real test examples");

            // the label of a sample is the labeller's label of its image, wherever the image sits and whatever came before
            SplittableRandom random = new SplittableRandom(11);
            float[] x = new float[16];
            float[] shifted = new float[16 * 3];
            for (int i = 0; i < 200; i++) {
                int label = source.sample(random, x, 0);
                System.arraycopy(x, 0, shifted, 32, 16);
                assertThat(labeler.label(shifted, 32)).isEqualTo(label);
                assertThat(labeler.label(x, 0)).isEqualTo(label);
            }
            // labelled in bulk (64 per forward pass, as the ideal world's batches are) or one at a time: the same labels
            float[] bulk = new float[16 * 300];
            int[] bulkLabels = new int[300];
            source.sample(new SplittableRandom(12), bulk, 0, bulkLabels, 0, 300);
            for (int i = 0; i < 300; i++) {
                assertThat(labeler.label(bulk, i * 16)).isEqualTo(bulkLabels[i]);
            }
            trained = labels(source, 1000, 5);
            assertThat(Arrays.stream(trained).distinct().count()).as("all classes occur").isEqualTo(3);
        }
        Path file = cachedLabeler();
        assertThat(Files.readString(file.resolveSibling(file.getFileName().toString().replace(".net", ".txt"))))
                .contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", accuracy));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        byte[] bytes = Files.readAllBytes(file);

        // a second source with the same settings loads the cached labeller (the file is not rewritten) and labels identically
        try (FittedSource cached = open(FITTED)) {
            assertThat(cached.labeler().testAccuracy()).isEqualTo(accuracy);
            assertThat(labels(cached, 1000, 5)).containsExactly(trained);
        }
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);

        // with the labeller off the labels are the model's classes, from the same images
        try (FittedSource conditional = open(FITTED + ", sampling = class-conditional")) {
            assertThat(conditional.labeler()).isNull();
        }

        // a corrupt cache file is an error naming it
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        assertThatThrownBy(() -> open(FITTED)).isInstanceOf(ConfigError.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("checksum mismatch").hasMessageContaining("delete " + file);
    }

    /**
     * The cache is the {@code .net}, written after its readable {@code .txt}: a process stopped between the two writes
     * leaves a lone {@code .txt}, and the labeller is trained again (both files written); a {@code .net} whose
     * {@code .txt} is missing (an earlier version wrote the {@code .net} first) or stale is used as it is, and the
     * {@code .txt} rewritten.
     */
    @Test
    void aLoneReadableFileMeansNoCacheAndALabellerFileWithoutItsReadableFileIsUsedAndTheReadableFileRewritten() throws IOException {
        try (FittedSource source = open(FITTED)) {
            assertThat(source.labeler()).isNotNull();
        }
        Path file = cachedLabeler();
        Path txt = file.resolveSibling(file.getFileName().toString().replace(".net", ".txt"));
        String readable = Files.readString(txt);
        assertThat(readable).startsWith("deep-bootstrap labeller v1\n").contains("cached in " + file);

        // stopped between the two writes: the .txt alone is no cache; the labeller is trained and both files written
        Files.delete(file);
        double accuracy;
        try (FittedSource source = open(FITTED)) {
            accuracy = source.labeler().testAccuracy();
        }
        assertThat(file).isRegularFile();
        assertThat(Files.readString(txt)).startsWith("deep-bootstrap labeller v1\n")
                .contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", accuracy));
        String written = Files.readString(txt);

        // the .net without its .txt, then with a stale one: used (not rewritten), the .txt written again
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        byte[] bytes = Files.readAllBytes(file);
        for (String stale : new String[] {null, "something else\n"}) {
            if (stale == null) {
                Files.delete(txt);
            } else {
                Files.writeString(txt, stale);
            }
            try (FittedSource cached = open(FITTED)) {
                assertThat(cached.labeler().testAccuracy()).isEqualTo(accuracy);
            }
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
            assertThat(Files.readString(txt)).isEqualTo(written);
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /**
     * The bound the labeller's near-tie rule relies on: a row's probabilities change with its position in a 64-row
     * batch and with the other rows by far less than the labeller's tie margin (measured on an MLP of the examples'
     * size, 784 -> 512 -> 512 -> 10, as the labeller runs it: one thread).
     */
    @Test
    void aRowsProbabilitiesChangeWithItsPositionByFarLessThanTheTieMargin() {
        ComponentRegistry registry = new ComponentRegistry(BuiltInComponents.discover(getClass().getClassLoader(), ConfigFactory.load()));
        ArchitectureFactory mlp = registry.factory(ComponentKind.ARCHITECTURE, "mlp");
        InputShape shape = new InputShape(28, 28, 1);
        int rows = 64;
        int classes = 10;
        double largest = 0;
        try (Network network = mlp.create(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath("mlp")),
                new RunContexts.Architecture(shape, classes, 7, rows, 1))) {
            SplittableRandom random = new SplittableRandom(1);
            Batch a = new Batch(shape, classes, rows);
            Batch b = new Batch(shape, classes, rows);
            for (int i = 0; i < a.features().length; i++) {
                a.features()[i] = (float) (random.nextDouble() * 2 - 1);
                b.features()[i] = (float) (random.nextDouble() * 2 - 1);
            }
            float[] pa = new float[rows * classes];
            network.predict(a, pa);
            int size = shape.size();
            for (int r : new int[] {0, 1, 17, 63}) {
                for (int at : new int[] {0, 5, 63}) {
                    System.arraycopy(a.features(), r * size, b.features(), at * size, size); // row r of a, among other rows
                    float[] pb = new float[rows * classes];
                    network.predict(b, pb);
                    for (int c = 0; c < classes; c++) {
                        largest = Math.max(largest, Math.abs(pb[at * classes + c] - pa[r * classes + c]));
                    }
                }
            }
        }
        assertThat(largest).as("largest change of a probability with the row's position").isLessThan(1e-5);
    }

    @Test
    void badLabellerValuesNameTheirKey() {
        assertThatThrownBy(() -> open(FITTED.replace("steps = 300", "stepz = 300"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("labeler.stepz").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> open(FITTED.replace("type = mlp", "type = mpl"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("labeler.architecture.type").hasMessageContaining("mlp");
        assertThatThrownBy(() -> open(FITTED.replace("steps = 300", "steps = 0")))
                .hasMessageContaining("steps").hasMessageContaining("0");
    }
}
