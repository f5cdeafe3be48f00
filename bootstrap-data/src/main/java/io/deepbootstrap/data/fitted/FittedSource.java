package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type = fitted}: fits a {@link GenerativeModel} to another data source and samples it without limit, so
 * the real world's N examples, the ideal stream and the test set all come from one known distribution. Samples
 * are clipped to [-1, 1]. How a sample gets its label is {@code sampling}:
 * <ul>
 *   <li>{@code labelled-by-classifier} (the default; CIFAR-5m's recipe): the image is drawn from the model
 *   without regard to class (a mixture over all classes' components, weighted by class frequency), and its label is
 *   what a classifier trained on the real {@code source} predicts for it (block {@code labeler}; trained, measured
 *   and cached by the framework, {@link DataContext#labeler}). A label is a function of its image.</li>
 *   <li>{@code class-conditional}: the model's sampled class is the label (the image is drawn from that class's
 *   model), so the classes' samples overlap where the class models do.</li>
 * </ul>
 * Both draw the same images from the same random stream; only the labels differ.
 *
 * <pre>
 * data { type = fitted, source = { type = fashion-mnist }, model = { type = pca-gmm, pca-dims = 50 },
 *        labeler = { architecture = { type = mlp }, steps = 3000 } }
 * </pre>
 *
 * The fitted model is cached ({@link FittedModels}); so is the labeller (by the framework, keyed by the source
 * block and the labeller settings).
 */
public final class FittedSource implements ExampleGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(FittedSource.class);
    /** {@code sampling}: labels from a classifier of the image. */
    public static final String LABELLED_BY_CLASSIFIER = "labelled-by-classifier";
    /** {@code sampling}: the model's sampled class is the label. */
    public static final String CLASS_CONDITIONAL = "class-conditional";
    private static final int AGREEMENT_SAMPLES = 2000;

    private final FittedModels.Fitted fitted;
    private final Labeler labeler;

    private FittedSource(FittedModels.Fitted fitted, Labeler labeler) {
        this.fitted = fitted;
        this.labeler = labeler;
    }

    /** @return true if the model was loaded from the cache rather than fitted */
    public boolean loadedFromCache() {
        return fitted.fromCache();
    }

    /** @return the cache file of the model ({@code null} with {@code cache = false}) */
    public Path cacheFile() {
        return fitted.cacheFile();
    }

    /** @return the fitted model */
    public GenerativeModel model() {
        return fitted.model();
    }

    /** @return the classifier that labels the samples, or null with {@code sampling = class-conditional} */
    public Labeler labeler() {
        return labeler;
    }

    @Override
    public InputShape inputShape() {
        return fitted.shape();
    }

    @Override
    public int numClasses() {
        return fitted.numClasses();
    }

    @Override
    public List<String> classNames() {
        return fitted.classNames();
    }

    @Override
    public int sample(RandomGenerator random, float[] features, int offset) {
        int modelClass = draw(random, features, offset);
        return labeler == null ? modelClass : labeler.label(features, offset);
    }

    /** Draws the images first, then labels them together: the same images and labels as one at a time, in fewer passes. */
    @Override
    public void sample(RandomGenerator random, float[] features, int offset, int[] labels, int labelOffset, int count) {
        int size = fitted.shape().size();
        for (int i = 0; i < count; i++) {
            labels[labelOffset + i] = draw(random, features, offset + i * size);
        }
        if (labeler != null) {
            labeler.label(features, offset, size, labels, labelOffset, count);
        }
    }

    /** One image of the model, clipped to [-1, 1]; returns the model's sampled class. */
    private int draw(RandomGenerator random, float[] features, int offset) {
        int modelClass = fitted.model().sample(random, features, offset);
        for (int i = offset, end = offset + fitted.shape().size(); i < end; i++) {
            float v = features[i];
            features[i] = v < -1f ? -1f : Math.min(v, 1f);
        }
        return modelClass;
    }

    @Override
    public void close() {
        if (labeler != null) {
            labeler.close();
        }
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

    /**
     * The fraction of samples whose classifier label equals the model's sampled class, on {@code count} draws of a
     * fixed stream: how far the two labellings differ.
     *
     * @param count draws
     * @return the agreement, in [0, 1]; 1 without a labeller
     */
    public double agreementWithModelClass(int count) {
        if (labeler == null) {
            return 1;
        }
        int size = fitted.shape().size();
        float[] x = new float[Math.multiplyExact(count, size)];
        int[] labels = new int[count];
        sample(new SplittableRandom(0), x, 0, labels, 0, count);
        SplittableRandom classes = new SplittableRandom(0); // the same draws: the same images
        float[] image = new float[size];
        int same = 0;
        for (int i = 0; i < count; i++) {
            same += fitted.model().sample(classes, image, 0) == labels[i] ? 1 : 0;
        }
        return (double) same / count;
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
            return "a generative model (pca-gmm, or a plugin's) fitted to another source and sampled without limit, its samples "
                    + "labelled by a classifier of the real source (or by the model's class); cached";
        }

        /** @return how many models this factory has fitted (cache misses), for diagnostics and tests */
        public int fitCount() {
            return fits.get();
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            String sampling = ConfigValues.choice(config, "sampling", LABELLED_BY_CLASSIFIER, CLASS_CONDITIONAL);
            FittedModels.Fitted fitted = FittedModels.fitOrLoad(config, context, fits::incrementAndGet);
            if (sampling.equals(CLASS_CONDITIONAL)) {
                return new FittedSource(fitted, null);
            }
            FittedSource source = new FittedSource(fitted, context.labeler(
                    config.getConfig("labeler").withValue("cache", config.getValue("cache")), config.getConfig("source")));
            LOG.info("Fitted source: samples labelled by a classifier ({}); it agrees with the model's sampled class on {}% of {} samples",
                    source.labeler.description(), String.format(Locale.ROOT, "%.1f", 100 * source.agreementWithModelClass(AGREEMENT_SAMPLES)),
                    AGREEMENT_SAMPLES);
            return source;
        }
    }
}
