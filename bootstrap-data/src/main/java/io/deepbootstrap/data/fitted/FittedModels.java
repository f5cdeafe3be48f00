package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the {@code fitted} source's generative model, or loads it from {@code <cache>/fitted/<model>-<hash>.model}
 * (hash: the {@code source} block as written, the merged {@code model} block, {@code fit-examples},
 * {@code fit-seed}). An unreadable cache file is refitted with a warning naming it.
 */
final class FittedModels {
    private static final Logger LOG = LoggerFactory.getLogger(FittedModels.class);
    private static final String MAGIC = "deep-bootstrap fitted model v1";

    /**
     * A fitted (or loaded) model and what it was fitted to.
     *
     * @param model the model
     * @param shape the examples' shape
     * @param numClasses classes
     * @param classNames their names
     * @param fromCache whether it was loaded from the cache
     * @param cacheFile its cache file, or null with {@code cache = false}
     */
    record Fitted(GenerativeModel model, InputShape shape, int numClasses, List<String> classNames, boolean fromCache, Path cacheFile) {
    }

    private FittedModels() {
    }

    /**
     * @param config the {@code fitted} source's block
     * @param context resolves the model block and opens the source
     * @param fitted called once per fit (a cache miss)
     * @return the model
     */
    static Fitted fitOrLoad(Config config, DataContext context, Runnable fitted) {
        Config source = config.getConfig("source");
        ResolvedGenerativeModel resolved = context.generativeModel(config.getConfig("model"));
        GenerativeModelFactory factory = resolved.factory();
        Config modelConfig = resolved.config();
        int fitExamples = ConfigValues.intAtLeast(config, "fit-examples", 1);
        long fitSeed = ConfigValues.longValue(config, "fit-seed");
        boolean cache = ConfigValues.bool(config, "cache");
        ConfigRenderOptions concise = ConfigRenderOptions.concise();
        String key = MAGIC + "\nsource=" + source.root().render(concise) + "\nmodel=" + factory.name() + " "
                + modelConfig.root().render(concise) + "\nfit-examples=" + fitExamples + "\nfit-seed=" + fitSeed;
        Path file = context.cacheDirectory().resolve("fitted").resolve(factory.name() + "-" + hash(key) + ".model");
        if (cache && Files.isRegularFile(file)) {
            try {
                Fitted loaded = load(file, key, factory, modelConfig);
                LOG.info("Loaded fitted {} model from {}", factory.name(), file);
                return loaded;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Ignoring unreadable fitted model cache {} ({}); refitting", file, e.toString());
            }
        }
        TrainingSet data;
        try (DataSource s = context.createDataSource(source)) {
            data = FittedSource.collect(s, fitExamples, fitSeed);
        }
        LOG.info("Fitting {} to {} examples of {} from {}", factory.name(), data.size(), data.shape(), source.root().render(concise));
        long start = System.nanoTime();
        GenerativeModel model = factory.fit(modelConfig, data);
        fitted.run();
        LOG.info("Fitted {} in {} s", factory.name(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
        if (cache) {
            try {
                save(file, key, data, model);
            } catch (IOException | DataFileException e) {
                throw new DataFileException(file.toString(), null, -1, "cannot write the fitted model cache (" + e.getMessage()
                        + "); set experiment.cache-dir to a writable directory, or cache = false");
            }
        }
        return new Fitted(model, data.shape(), data.numClasses(), data.classNames(), false, cache ? file : null);
    }

    static String hash(String key) {
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

    private static Fitted load(Path file, String key, GenerativeModelFactory factory, Config modelConfig) throws IOException {
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
            return new Fitted(model, shape, classes, names, true, file);
        }
    }
}
