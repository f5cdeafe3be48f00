package io.deepbootstrap.core.labeler;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.Evaluator;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.LearningRateSchedule;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.TrainingBatchSource;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.experiment.ComponentCalls;
import io.deepbootstrap.core.experiment.RunContexts;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.state.NetworkState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework's side of {@link DataContext#labeler}: trains a classifier on a real source through the same
 * {@link Trainer} and architecture registry as the experiment's runs (SGD with momentum, cosine schedule, no
 * augmentation), measures its accuracy on the source's test examples by labelling them exactly as generated
 * examples are labelled, and caches it.
 *
 * <p>Cache: {@code <cache>/fitted/labeler-<architecture>-<hash>.net}, a state file (parameters, buffers and the
 * measured accuracy; written atomically, checksummed, last), with a readable {@code .txt} beside it written first (see
 * {@link LabelerCache}: the {@code .net} alone makes the cache, a lone {@code .txt} is retrained). The hash covers the
 * {@code source} block as written and every labeller setting that changes the classifier (the architecture block
 * merged over its defaults, steps, batch size, learning rate, momentum, seed, train and test examples); not the
 * generative model, which the classifier never sees. A cache file that cannot be read is a configuration error
 * naming it.
 */
public final class ClassifierLabelers {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierLabelers.class);
    private static final String MAGIC = "deep-bootstrap labeller v1";
    private static final String KIND = "labeler";
    private static final int EVAL_BATCH = 256;

    private ClassifierLabelers() {
    }

    /**
     * @param block the labeller block
     * @param sourceBlock the real source block
     * @param context opens the source and gives the cache directory
     * @param components resolves the architecture block
     * @return the trained (or cached) classifier
     * @throws ConfigError naming the key or the cache file
     */
    public static Labeler obtain(Config block, Config sourceBlock, DataContext context, ComponentConfigs components) {
        LabelerSpec spec = LabelerSpec.of(block, components);
        String key = MAGIC + "\nsource=" + sourceBlock.root().render(ConfigRenderOptions.concise()) + "\n" + spec.canonical();
        Path file = context.cacheDirectory().resolve("fitted").resolve("labeler-" + spec.architecture().type() + "-" + hash(key) + ".net");
        try (DataSource source = context.createDataSource(sourceBlock)) {
            LabelerData data = LabelerData.of(source, spec);
            InputShape shape = source.inputShape();
            int classes = source.numClasses();
            Network labelling = network(spec, shape, classes, NetworkLabeler.BATCH, 1);
            try {
                if (spec.cache() && Files.isRegularFile(file)) {
                    double accuracy = LabelerCache.load(file, labelling);
                    String description = describe(spec, accuracy, data.test().size(), file);
                    LOG.info("Loaded labeller from {}: {}", file, description);
                    LabelerCache.repairReadable(file, key + "\n" + description + "\n");
                    return new NetworkLabeler(labelling, shape, classes, accuracy, description);
                }
                if (spec.cache()) {
                    LabelerCache.noteLoneReadable(file);
                }
                long start = System.nanoTime();
                NetworkState state = train(spec, data, shape, classes);
                LabelerCache.installTrained(state, labelling);
                NetworkLabeler labeler = new NetworkLabeler(labelling, shape, classes, Double.NaN, "");
                double accuracy = accuracy(labeler, data.test());
                String description = describe(spec, accuracy, data.test().size(), spec.cache() ? file : null);
                LOG.info("Trained labeller in {} s on {}: {}", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                        data.trainSize() == 0 ? "fresh draws" : data.trainSize() + " examples", description);
                if (spec.cache()) {
                    LabelerCache.save(file, state, accuracy, key + "\n" + description + "\n");
                }
                return new NetworkLabeler(labelling, shape, classes, accuracy, description);
            } catch (RuntimeException e) {
                labelling.close();
                throw e;
            }
        }
    }

    private static Network network(LabelerSpec spec, InputShape shape, int classes, int maxBatch, int threads) {
        var a = spec.architecture();
        RunContexts.Architecture context = new RunContexts.Architecture(shape, classes, RandomStreams.seed(spec.seed(), Purpose.WEIGHTS),
                maxBatch, threads);
        return ComponentCalls.create("labeler.architecture", a.type(), a.factory(), () -> a.factory().create(a.config(), context));
    }

    /** Trains the classifier; returns its parameters and buffers (detached copies). */
    private static NetworkState train(LabelerSpec spec, LabelerData data, InputShape shape, int classes) {
        int threads = Runtime.getRuntime().availableProcessors();
        try (Network network = network(spec, shape, classes, Math.max(spec.batchSize(), EVAL_BATCH), threads)) {
            Trainer.Plan plan = new Trainer.Plan(spec.steps(), LearningRateSchedule.cosine(spec.learningRate(), spec.steps()), new int[0],
                    false, ConvergenceCriterion.DEFAULT);
            Evaluator unused = new Evaluator(List.of(), new Batch(shape, classes, EVAL_BATCH));
            RunRecord record = new Trainer().train(RunId.pretraining("labeler-" + spec.architecture().type(), spec.seed()), network,
                    Optimizers.create(OptimizerSpec.sgd(spec.momentum()), network.parameters()),
                    new TrainingBatchSource(data.train(), List.of(), RandomStreams.stream(spec.seed(), Purpose.AUGMENTATION)),
                    new Batch(shape, classes, spec.batchSize()), plan, unused, data.test(), null, new RunListener() { }, "scratch");
            if (record.status() != RunStatus.OK) {
                throw new ConfigError("labeler: training the labeller " + record.status().id() + " (" + record.message()
                        + "); lower labeler.learning-rate");
            }
            return NetworkState.copyOf(network);
        }
    }

    /** @return the fraction of the test examples the labeller labels as their true class (labelled as generated ones are) */
    static double accuracy(Labeler labeler, ExampleSet test) {
        int size = test.shape().size();
        int chunk = 1024;
        float[] x = new float[chunk * size];
        int[] truth = new int[chunk];
        int[] predicted = new int[chunk];
        int right = 0;
        for (int start = 0; start < test.size(); start += chunk) {
            int count = Math.min(chunk, test.size() - start);
            for (int i = 0; i < count; i++) {
                truth[i] = test.read(start + i, x, i * size);
            }
            labeler.label(x, 0, size, predicted, 0, count);
            for (int i = 0; i < count; i++) {
                right += predicted[i] == truth[i] ? 1 : 0;
            }
        }
        return (double) right / test.size();
    }

    private static String describe(LabelerSpec spec, double accuracy, int testExamples, Path file) {
        return String.format(Locale.ROOT, "%s; test accuracy %.4f on %d real test examples%s", spec.summary(), accuracy, testExamples,
                file == null ? " (not cached)" : "; cached in " + file);
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
