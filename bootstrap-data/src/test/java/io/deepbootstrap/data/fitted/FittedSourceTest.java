package io.deepbootstrap.data.fitted;

import static io.deepbootstrap.data.TestDataContext.merged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.data.TestDataContext;
import io.deepbootstrap.data.array.ArraySources;
import io.deepbootstrap.data.array.DType;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.NpyHeader;
import io.deepbootstrap.data.array.NpyWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FittedSourceTest {
    private static final int N = 600;
    private static final int D = 64;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    private final float[][] classMeans = new float[CLASSES][D];

    /** Three classes of 8x8 images: distinct smooth patterns plus noise, stored as float32 .npy files. */
    @BeforeEach
    void writeData() throws IOException {
        Random r = new Random(7);
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < D; j++) {
                classMeans[c][j] = (float) (0.6 * Math.sin((c + 1) * 0.4 * j + c));
            }
        }
        ByteBuffer x = ByteBuffer.allocate(N * D * 4).order(ByteOrder.LITTLE_ENDIAN);
        byte[] y = new byte[N];
        for (int i = 0; i < N; i++) {
            int c = i % CLASSES;
            y[i] = (byte) c;
            double shift = r.nextBoolean() ? 0.15 : -0.15; // two modes per class
            for (int j = 0; j < D; j++) {
                x.putFloat((float) (classMeans[c][j] + shift + 0.1 * r.nextGaussian()));
            }
        }
        NpyWriter.write(dir.resolve("x.npy"), NpyHeader.of(DType.FLOAT32, false, N, 8, 8, 1), x.array());
        NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.UINT8, false, N), y);
    }

    private static final String SOURCE = "sampling = class-conditional, source = { type = npy, features = x.npy, labels = y.npy }";

    private FittedSource.Factory factory() {
        return new FittedSource.Factory();
    }

    private TestDataContext context() {
        return new TestDataContext(dir).with(new ArraySources.NpyFactory()).with(new PcaGmm.Factory());
    }

    private int nearestClass(float[] f) {
        int best = -1;
        double bestDist = Double.MAX_VALUE;
        for (int c = 0; c < CLASSES; c++) {
            double dist = 0;
            for (int j = 0; j < D; j++) {
                double dd = f[j] - classMeans[c][j];
                dist += dd * dd;
            }
            if (dist < bestDist) {
                bestDist = dist;
                best = c;
            }
        }
        return best;
    }

    @Test
    void fitsAPcaGmmThatSamplesTheClassesAndCachesIt() {
        FittedSource.Factory factory = factory();
        String config = SOURCE + ", model = { type = pca-gmm, pca-dims = 8, components = 2, iterations = 15 }";
        FittedSource first = (FittedSource) factory.create(merged("fitted", config), context());
        assertThat(first.loadedFromCache()).isFalse();
        assertThat(factory.fitCount()).isEqualTo(1);
        assertThat(first.inputShape()).isEqualTo(new InputShape(8, 8, 1));
        assertThat(first.numClasses()).isEqualTo(3);
        assertThat(Files.isRegularFile(first.cacheFile())).isTrue();
        assertThat(first.cacheFile().getParent()).isEqualTo(dir.resolve("cache/fitted"));

        float[] f = new float[D];
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[CLASSES];
        int agree = 0;
        int samples = 600;
        for (int i = 0; i < samples; i++) {
            int label = first.sample(random, f, 0);
            counts[label]++;
            for (float v : f) {
                assertThat(v).isBetween(-1f, 1f);
            }
            if (nearestClass(f) == label) {
                agree++;
            }
        }
        assertThat(agree).as("samples look like their class").isGreaterThan(samples * 95 / 100);
        for (int c = 0; c < CLASSES; c++) {
            assertThat(counts[c]).as("class prior 1/3").isBetween(150, 250);
        }

        // a second run (a fresh factory, as in a new JVM) loads the cached model and samples identically
        FittedSource.Factory second = factory();
        FittedSource cached = (FittedSource) second.create(merged("fitted", config), context());
        assertThat(cached.loadedFromCache()).isTrue();
        assertThat(second.fitCount()).isZero();
        SplittableRandom r1 = new SplittableRandom(99);
        SplittableRandom r2 = new SplittableRandom(99);
        float[] a = new float[D];
        float[] b = new float[D];
        for (int i = 0; i < 50; i++) {
            assertThat(cached.sample(r2, b, 0)).isEqualTo(first.sample(r1, a, 0));
            assertThat(b).containsExactly(a);
        }

        // other settings are another cache entry; cache = false always refits
        FittedSource other = (FittedSource) second.create(merged("fitted", config.replace("components = 2", "components = 3")), context());
        assertThat(other.loadedFromCache()).isFalse();
        assertThat(other.cacheFile()).isNotEqualTo(first.cacheFile());
        FittedSource uncached = (FittedSource) second.create(merged("fitted", config + ", cache = false"), context());
        assertThat(uncached.loadedFromCache()).isFalse();
        assertThat(second.fitCount()).isEqualTo(2);
        // key order in the config does not change the cache key
        FittedSource reordered = (FittedSource) second.create(merged("fitted",
                "model = { iterations = 15, components = 2, type = pca-gmm, pca-dims = 8 }, source = { labels = y.npy, type = npy, features = x.npy }, "
                        + "sampling = class-conditional"),
                context());
        assertThat(reordered.loadedFromCache()).isTrue();
    }

    @Test
    void modelValuesAreCheckedByTheModel() {
        // model types and unknown model keys are checked by the framework's DataContext (see bootstrap-app's FittedPluginModelTest)
        assertThatThrownBy(() -> factory().create(merged("fitted", SOURCE + ", model = { type = pca-gmm, covariance = sparse }"), context()))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("expected full or diagonal, got 'sparse'");
    }

    @Test
    void diagonalModelsWithResidualNoiseRoundTripThroughSave() throws IOException {
        TrainingSet data = FittedSource.collect(new ArraySources.NpyFactory().create(merged("npy", "features = x.npy, labels = y.npy"),
                context()), 10_000, 1);
        assertThat(data.size()).isEqualTo(N);
        var config = ConfigFactory.parseString("covariance = diagonal, residual-noise = true, pca-dims = 5")
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.GENERATIVE_MODEL.defaultsPath("pca-gmm")));
        GenerativeModel model = new PcaGmm.Factory().fit(config, data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.save(out);
        }
        GenerativeModel loaded = new PcaGmm.Factory().load(config, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        float[] a = new float[D];
        float[] b = new float[D];
        SplittableRandom r1 = new SplittableRandom(5);
        SplittableRandom r2 = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            assertThat(loaded.sample(r2, b, 0)).isEqualTo(model.sample(r1, a, 0));
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void generatorSourcesAreSampledWithTheFitSeed() {
        ExampleGenerator g = new ExampleGenerator() {
            @Override
            public InputShape inputShape() {
                return InputShape.vector(2);
            }

            @Override
            public int numClasses() {
                return 2;
            }

            @Override
            public int sample(java.util.random.RandomGenerator random, float[] features, int offset) {
                int label = random.nextInt(2);
                features[offset] = label + (float) random.nextGaussian();
                features[offset + 1] = -label;
                return label;
            }
        };
        TrainingSet a = FittedSource.collect(g, 50, 3);
        TrainingSet b = FittedSource.collect(g, 50, 3);
        assertThat(a.size()).isEqualTo(50);
        assertThat(a.features()).containsExactly(b.features());
        assertThat(a.labels()).containsExactly(b.labels());
    }

    @Test
    void anUnwritableCacheNamesTheFileAndTheWaysOut() throws IOException {
        Files.write(dir.resolve("cache"), new byte[1]); // a file where the cache directory should be
        String config = SOURCE + ", model = { type = pca-gmm, pca-dims = 4, components = 1, iterations = 2 }";
        assertThatThrownBy(() -> factory().create(merged("fitted", config), context())).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("cache/fitted") + "/pca-gmm-")
                .hasMessageContaining(": cannot write the fitted model cache (" + dir.resolve("cache") + "/fitted: cannot create the directory")
                .hasMessageEndingWith("set experiment.cache-dir to a writable directory, or cache = false");
        assertThat(((FittedSource) factory().create(merged("fitted", config + ", cache = false"), context())).cacheFile()).isNull();
    }

    /** A stand-in for the framework's classifier: the nearest class mean, recording what it was asked for. */
    private final class NearestMeanLabeler implements Labeler {
        final List<Config> blocks = new ArrayList<>();
        boolean closed;

        @Override
        public int label(float[] features, int offset) {
            return nearestClass(Arrays.copyOfRange(features, offset, offset + D));
        }

        @Override
        public double testAccuracy() {
            return 0.99;
        }

        @Override
        public String description() {
            return "nearest class mean";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void labelledByClassifierDrawsTheSameImagesAndTakesEveryLabelFromTheClassifier() {
        NearestMeanLabeler labeler = new NearestMeanLabeler();
        TestDataContext context = context().withLabelers((block, source) -> {
            labeler.blocks.add(block);
            labeler.blocks.add(source);
            return labeler;
        });
        String model = ", model = { type = pca-gmm, pca-dims = 8, components = 2, iterations = 15 }";
        String labelled = SOURCE.replace("sampling = class-conditional, ", "") + model + ", cache = false, labeler = { steps = 7 }";
        FittedSource byClassifier = (FittedSource) factory().create(merged("fitted", labelled), context);
        FittedSource byModel = (FittedSource) factory().create(merged("fitted", SOURCE + model), context);
        assertThat(byModel.labeler()).isNull();
        assertThat(byClassifier.labeler()).isSameAs(labeler);
        // the labeller block is the defaults with the user's keys and the source's cache flag; the source block is the real one
        Config block = labeler.blocks.get(0);
        assertThat(block.getInt("steps")).isEqualTo(7);
        assertThat(block.getString("architecture.type")).isEqualTo("mlp");
        assertThat(block.getBoolean("cache")).isFalse();
        assertThat(labeler.blocks.get(1).getString("features")).isEqualTo("x.npy");

        SplittableRandom r1 = new SplittableRandom(3);
        SplittableRandom r2 = new SplittableRandom(3);
        float[] a = new float[D];
        float[] b = new float[D];
        int differ = 0;
        for (int i = 0; i < 300; i++) {
            int label = byClassifier.sample(r1, a, 0);
            int modelClass = byModel.sample(r2, b, 0);
            assertThat(a).as("the same image from the same stream").containsExactly(b);
            assertThat(label).as("a function of the image").isEqualTo(nearestClass(a));
            differ += label == modelClass ? 0 : 1;
        }
        assertThat(byClassifier.agreementWithModelClass(300)).isEqualTo(1 - differ / 300.0);
        byClassifier.close();
        assertThat(labeler.closed).isTrue();
    }

    @Test
    void samplingMustBeOneOfTheTwoAndItsValueIsNamed() {
        assertThatThrownBy(() -> factory().create(merged("fitted", SOURCE.replace("class-conditional", "conditional")
                + ", model = { type = pca-gmm, pca-dims = 4, components = 1, iterations = 2 }"), context()))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("sampling")
                .hasMessageContaining("labelled-by-classifier").hasMessageContaining("class-conditional");
    }
}
