package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.PendingFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type = fitted}: the CIFAR-5m recipe. Fits a {@link GenerativeModel} to another data source and
 * samples it without limit, so the real world's N examples, the ideal stream and the test set all come
 * from one known distribution. Samples are clipped to [-1, 1].
 *
 * <pre>
 * data { type = fitted, source = { type = fashion-mnist }, model = { type = pca-gmm, pca-dims = 50 } }
 * </pre>
 *
 * The fitted model is cached in {@code <cache directory>/fitted/<model>-<hash>.model}, where the hash covers
 * the {@code source} block as written, the merged {@code model} block, {@code fit-examples} and
 * {@code fit-seed}; a second run with the same settings loads it instead of refitting. (The hash does not
 * cover the source files' content: delete the cache file, or set {@code cache = false}, after replacing
 * data files in place.)
 */
public final class FittedSource implements ExampleGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(FittedSource.class);
    private static final String MAGIC = "deep-bootstrap fitted model v1";

    private final GenerativeModel model;
    private final InputShape shape;
    private final int numClasses;
    private final List<String> classNames;
    private final boolean fromCache;
    private final Path cacheFile;

    private FittedSource(GenerativeModel model, InputShape shape, int numClasses, List<String> classNames, boolean fromCache, Path cacheFile) {
        this.model = model;
        this.shape = shape;
        this.numClasses = numClasses;
        this.classNames = List.copyOf(classNames);
        this.fromCache = fromCache;
        this.cacheFile = cacheFile;
    }

    /** @return true if the model was loaded from the cache rather than fitted */
    public boolean loadedFromCache() {
        return fromCache;
    }

    /** @return the cache file of the model ({@code null} with {@code cache = false}) */
    public Path cacheFile() {
        return cacheFile;
    }

    /** @return the fitted model */
    public GenerativeModel model() {
        return model;
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int sample(RandomGenerator random, float[] features, int offset) {
        int label = model.sample(random, features, offset);
        for (int i = offset, end = offset + shape.size(); i < end; i++) {
            float v = features[i];
            features[i] = v < -1f ? -1f : Math.min(v, 1f);
        }
        return label;
    }

    /**
     * Collects the examples to fit: the first {@code max} examples of a pool, or {@code max} draws of a
     * generator from {@code new SplittableRandom(seed)}.
     *
     * @param source the source
     * @param max the number of examples
     * @param seed seeds generator draws
     * @return the examples
     */
    public static TrainingSet collect(DataSource source, int max, long seed) {
        InputShape shape = source.inputShape();
        int n = source instanceof ExamplePool pool ? (int) Math.min(pool.size(), max) : max;
        long floats = (long) n * shape.size();
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " examples of " + shape + " do not fit in one array; lower fit-examples");
        }
        float[] features = new float[(int) floats];
        int[] labels = new int[n];
        if (source instanceof ExamplePool pool) {
            for (int i = 0; i < n; i++) {
                labels[i] = pool.read(i, features, i * shape.size());
            }
        } else {
            ExampleGenerator g = (ExampleGenerator) source;
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                labels[i] = g.sample(random, features, i * shape.size());
            }
        }
        return new TrainingSet(shape, source.numClasses(), source.classNames(), features, labels);
    }

    /** {@code type = fitted}. */
    public static final class Factory implements DataSourceFactory {
        private final AtomicInteger fits = new AtomicInteger();

        @Override
        public String name() {
            return "fitted";
        }

        @Override
        public String description() {
            return "a generative model (pca-gmm, or a plugin's) fitted to another source and sampled without limit; cached";
        }

        /** @return how many models this factory has fitted (cache misses), for diagnostics and tests */
        public int fitCount() {
            return fits.get();
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            Config source = config.getConfig("source");
            ResolvedGenerativeModel model = context.generativeModel(config.getConfig("model"));
            GenerativeModelFactory factory = model.factory();
            Config modelConfig = model.config();
            int fitExamples = ConfigValues.intAtLeast(config, "fit-examples", 1);
            long fitSeed = ConfigValues.longValue(config, "fit-seed");
            boolean cache = ConfigValues.bool(config, "cache");
            ConfigRenderOptions concise = ConfigRenderOptions.concise();
            String key = MAGIC + "\nsource=" + source.root().render(concise) + "\nmodel=" + factory.name() + " "
                    + modelConfig.root().render(concise) + "\nfit-examples=" + fitExamples + "\nfit-seed=" + fitSeed;
            Path file = context.cacheDirectory().resolve("fitted").resolve(factory.name() + "-" + hash(key) + ".model");
            if (cache && Files.isRegularFile(file)) {
                try {
                    FittedSource loaded = load(file, key, factory, modelConfig);
                    LOG.info("Loaded fitted {} model from {}", factory.name(), file);
                    return loaded;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Ignoring unreadable fitted model cache {} ({}); refitting", file, e.toString());
                }
            }
            TrainingSet data;
            try (DataSource s = context.createDataSource(source)) {
                data = collect(s, fitExamples, fitSeed);
            }
            LOG.info("Fitting {} to {} examples of {} from {}", factory.name(), data.size(), data.shape(), source.root().render(concise));
            long start = System.nanoTime();
            GenerativeModel fitted = factory.fit(modelConfig, data);
            fits.incrementAndGet();
            LOG.info("Fitted {} in {} s", factory.name(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
            if (cache) {
                try {
                    save(file, key, data, fitted);
                } catch (IOException | DataFileException e) {
                    throw new DataFileException(file.toString(), null, -1, "cannot write the fitted model cache (" + e.getMessage()
                            + "); set experiment.cache-dir to a writable directory, or cache = false");
                }
            }
            return new FittedSource(fitted, data.shape(), data.numClasses(), data.classNames(), false, cache ? file : null);
        }

        private static String hash(String key) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), 0, 10);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void save(Path file, String key, TrainingSet data, GenerativeModel model) throws IOException {
            try (PendingFile pending = PendingFile.create(file)) {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(pending.stream(), 1 << 16))) {
                    byte[] k = key.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(k.length);
                    out.write(k);
                    out.writeInt(data.shape().height());
                    out.writeInt(data.shape().width());
                    out.writeInt(data.shape().channels());
                    out.writeInt(data.numClasses());
                    for (String name : data.classNames()) {
                        out.writeUTF(name);
                    }
                    model.save(out);
                }
                pending.commit();
            }
        }

        private static FittedSource load(Path file, String key, GenerativeModelFactory factory, Config modelConfig) throws IOException {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                int len = in.readInt();
                if (len < 0 || len > 1 << 24) {
                    throw new IOException("bad header");
                }
                byte[] k = in.readNBytes(len);
                if (!new String(k, StandardCharsets.UTF_8).equals(key)) {
                    throw new IOException("the file was written for different settings");
                }
                InputShape shape = new InputShape(in.readInt(), in.readInt(), in.readInt());
                int classes = in.readInt();
                List<String> names = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    names.add(in.readUTF());
                }
                GenerativeModel model = factory.load(modelConfig, in);
                return new FittedSource(model, shape, classes, names, true, file);
            }
        }
    }
}
