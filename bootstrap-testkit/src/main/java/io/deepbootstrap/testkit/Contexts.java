package io.deepbootstrap.testkit;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.run.RunListenerContext;
import io.deepbootstrap.core.experiment.RunContexts;
import java.nio.file.Path;

/**
 * Ready-made contexts for calling a component factory's {@code create} in a unit test: the framework's own
 * implementations, filled with the values a test gives.
 */
public final class Contexts {
    /** The weight seed of {@link #architecture(InputShape, int)}. */
    public static final long DEFAULT_WEIGHT_SEED = 1;
    /** The largest batch of {@link #architecture(InputShape, int)}. */
    public static final int DEFAULT_MAX_BATCH = 256;

    private Contexts() {
    }

    /**
     * An architecture context with weight seed {@value #DEFAULT_WEIGHT_SEED}, batches up to
     * {@value #DEFAULT_MAX_BATCH} and one native thread.
     *
     * @param inputShape the shape of one example
     * @param numClasses the number of classes
     * @return the context
     */
    public static ArchitectureContext architecture(InputShape inputShape, int numClasses) {
        return architecture(inputShape, numClasses, DEFAULT_WEIGHT_SEED, DEFAULT_MAX_BATCH);
    }

    /**
     * An architecture context with one native thread.
     *
     * @param inputShape the shape of one example
     * @param numClasses the number of classes
     * @param weightSeed the seed of the initial weights
     * @param maxBatchSize the largest batch the network will be given
     * @return the context
     */
    public static ArchitectureContext architecture(InputShape inputShape, int numClasses, long weightSeed, int maxBatchSize) {
        return new RunContexts.Architecture(inputShape, numClasses, weightSeed, maxBatchSize, 1);
    }

    /**
     * @param inputShape the shape of one example
     * @param numClasses the number of classes
     * @return an augmentation context
     */
    public static AugmentationContext augmentation(InputShape inputShape, int numClasses) {
        return new RunContexts.Augmentation(inputShape, numClasses);
    }

    /**
     * @param numClasses the number of classes
     * @return a metric context
     */
    public static MetricContext metric(int numClasses) {
        return new RunContexts.Metric(numClasses);
    }

    /**
     * @param experimentName the experiment's name
     * @param outputDirectory the experiment's output directory (a test's temporary folder); it must exist
     * @return a run listener context
     */
    public static RunListenerContext runListener(String experimentName, Path outputDirectory) {
        return new RunContexts.Listener(experimentName, outputDirectory);
    }

    /**
     * A data context as the framework makes it: relative paths are resolved against {@code directory}, the
     * cache is {@code directory/cache}, and nested data source and generative model blocks are resolved
     * against the components on the test's class path (the built-ins and the plugin's own, see
     * {@link Testkit#config}).
     *
     * @param directory the folder standing for the configuration file's folder (a test's temporary folder)
     * @return the data context
     */
    public static DataContext data(Path directory) {
        return new RunContexts.Data(directory, directory.resolve("cache"), ClassPathComponents.get().configs());
    }
}
