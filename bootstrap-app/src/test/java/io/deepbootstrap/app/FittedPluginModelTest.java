package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.experiment.RunContexts;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.data.fitted.FittedSource;
import io.deepbootstrap.data.fitted.PcaGmm;
import io.deepbootstrap.data.synthetic.GaussianMixtureFactory;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generative model contributed like a plugin's (a {@link ComponentRegistration} carrying a plugin id, defaults
 * under {@code bootstrap.components.generative-model.<name>}) is found and configured by the framework's data
 * context and used by {@code data { type = fitted, model = { type = <name> } }}.
 */
class FittedPluginModelTest {
    @TempDir
    Path dir;

    /** Per-class mean times {@code scale}: a model whose samples are easy to predict. */
    static final class ClassMeans implements GenerativeModelFactory {
        @Override
        public String name() {
            return "class-means";
        }

        @Override
        public String description() {
            return "each class's mean example, scaled";
        }

        @Override
        public GenerativeModel fit(Config config, TrainingSet data) {
            int d = data.dimension();
            double[][] sums = new double[data.numClasses()][d];
            int[] counts = new int[data.numClasses()];
            for (int i = 0; i < data.size(); i++) {
                counts[data.labels()[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[data.labels()[i]][j] += data.features()[i * d + j];
                }
            }
            float[][] means = new float[data.numClasses()][d];
            for (int c = 0; c < means.length; c++) {
                for (int j = 0; j < d; j++) {
                    means[c][j] = (float) (config.getDouble("scale") * sums[c][j] / Math.max(1, counts[c]));
                }
            }
            return new Means(means);
        }

        @Override
        public GenerativeModel load(Config config, DataInputStream in) throws IOException {
            float[][] means = new float[in.readInt()][in.readInt()];
            for (float[] m : means) {
                for (int j = 0; j < m.length; j++) {
                    m[j] = in.readFloat();
                }
            }
            return new Means(means);
        }
    }

    record Means(float[][] means) implements GenerativeModel {
        @Override
        public int sample(RandomGenerator random, float[] features, int offset) {
            int label = random.nextInt(means.length);
            System.arraycopy(means[label], 0, features, offset, means[label].length);
            return label;
        }

        @Override
        public void save(DataOutputStream out) throws IOException {
            out.writeInt(means.length);
            out.writeInt(means[0].length);
            for (float[] m : means) {
                for (float v : m) {
                    out.writeFloat(v);
                }
            }
        }
    }

    private RunContexts.Data context() {
        ComponentRegistry registry = new ComponentRegistry(List.of(
                ComponentRegistration.builtIn(new FittedSource.Factory()),
                ComponentRegistration.builtIn(new GaussianMixtureFactory()),
                ComponentRegistration.builtIn(new PcaGmm.Factory()),
                new ComponentRegistration(ComponentKind.GENERATIVE_MODEL, new ClassMeans(), "plugin means (means.jar)", "means")));
        // what the plugin's reference.conf contributes to the merged configuration
        Config merged = ConfigFactory.parseString("bootstrap.components.generative-model.class-means { scale = 1.0, unused = 7 }")
                .withFallback(ConfigFactory.load());
        return new RunContexts.Data(dir, dir.resolve("cache"), new ComponentConfigs(registry, merged));
    }

    private static final String SOURCE = "type = fitted, sampling = class-conditional, fit-examples = 300, "
            + "source = { type = gaussian-mixture, classes = 3, dimension = 4, separation = 0.5, noise = 0.1 }, ";

    @Test
    void aPluginModelIsResolvedAndUsedByTheFittedSource() {
        RunContexts.Data context = context();
        ResolvedGenerativeModel resolved = context.generativeModel(ConfigFactory.parseString("type = class-means, scale = 0.5"));
        assertThat(resolved.factory()).isInstanceOf(ClassMeans.class);
        assertThat(resolved.config().getDouble("scale")).isEqualTo(0.5);
        assertThat(resolved.config().getInt("unused")).isEqualTo(7);
        assertThat(resolved.config().hasPath("type")).isFalse();

        DataSource source = context.createDataSource(ConfigFactory.parseString(SOURCE + "model = { type = class-means, scale = 0.5 }"));
        assertThat(source).isInstanceOf(FittedSource.class);
        FittedSource fitted = (FittedSource) source;
        assertThat(fitted.model()).isInstanceOf(Means.class);
        assertThat(fitted.cacheFile().getFileName().toString()).startsWith("class-means-");
        float[][] means = ((Means) fitted.model()).means();
        assertThat(means).hasDimensions(3, 4);
        // samples are the scaled class means (|mean| <= 0.5 * (0.5 + noise), so clipping leaves them alone)
        float[] x = new float[4];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            int label = fitted.sample(random, x, 0);
            assertThat(x).containsExactly(means[label]);
        }
        // a second source with the same settings loads the cache through the plugin's load()
        FittedSource again = (FittedSource) context.createDataSource(
                ConfigFactory.parseString(SOURCE + "model = { type = class-means, scale = 0.5 }"));
        assertThat(again.loadedFromCache()).isTrue();
        assertThat(((Means) again.model()).means()).isDeepEqualTo(means);
    }

    @Test
    void unknownModelsAndKeysAreConfigErrors() {
        RunContexts.Data context = context();
        assertThatThrownBy(() -> context.createDataSource(ConfigFactory.parseString(SOURCE + "model = { type = vae }")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("model.type")
                .hasMessageContaining("unknown generative-model type 'vae'; known: class-means, pca-gmm "
                        + "(is the plugin that provides it in the plugins folder?)");
        assertThatThrownBy(() -> context.createDataSource(ConfigFactory.parseString(SOURCE + "model = { type = class-means, latent = 3 }")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("model.latent");
        assertThatThrownBy(() -> context.createDataSource(ConfigFactory.parseString(SOURCE + "model = { type = pca-gmm, pca-dim = 3 }")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("model.pca-dim");
    }
}
