package io.deepbootstrap.api.data;

import com.typesafe.config.Config;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import java.nio.file.Path;

/** What the framework offers a data source factory. */
public interface DataContext {

    /**
     * Resolves a path written in the configuration: absolute paths stay, relative ones are taken
     * relative to the directory of the configuration file (or the working directory).
     *
     * @param path the path as written
     * @return the resolved path
     */
    Path resolve(String path);

    /** @return a directory where sources may cache derived data (e.g. fitted models) across runs */
    Path cacheDirectory();

    /**
     * Builds another data source from a configuration block with a {@code type} key, as a wrapping
     * source (a fitted generator, a subset, ...) needs.
     *
     * @param config a data source block, e.g. {@code { type = fashion-mnist }}
     * @return the data source
     */
    DataSource createDataSource(Config config);

    /**
     * Resolves a generative model block, as the {@code fitted} source needs for its {@code model} key: finds
     * the model factory registered under its {@code type} (built in, or contributed by a plugin as a
     * component of kind {@code generative-model}) and merges the block's other keys over that model's
     * defaults at {@code bootstrap.components.generative-model.<type>}.
     *
     * @param config a generative model block, e.g. {@code { type = pca-gmm, pca-dims = 20 }}
     * @return the factory and the merged configuration (without {@code type})
     * @throws RuntimeException a configuration error if the type is missing or unknown (the message lists
     *     the known names and hints at a missing plugin) or the block has unknown keys or wrong value types
     */
    ResolvedGenerativeModel generativeModel(Config config);

    /**
     * Trains a classifier on a data source's training examples, or loads the one trained earlier with the same
     * settings from the cache directory, as the {@code fitted} source needs to label its unconditional samples
     * (the CIFAR-5m recipe). The classifier is built from an architecture block of the component registry and
     * trained by the framework's trainer on the native toolkit; its accuracy on the source's test examples is
     * measured and logged.
     *
     * @param labeler the labeller block: {@code architecture} (an architecture block, e.g. {@code { type = mlp }}),
     *     {@code steps}, {@code batch-size}, {@code learning-rate}, {@code momentum}, {@code seed},
     *     {@code train-examples}, {@code test-examples} and {@code cache} (a boolean)
     * @param source the data source block whose training examples the classifier learns from, and whose test
     *     examples (its designated test split, else held-out examples) measure its accuracy
     * @return the trained classifier; the caller closes it
     * @throws RuntimeException a configuration error naming the key if a value of the block is invalid, or naming
     *     the file if a cached classifier cannot be read
     * @throws UnsupportedOperationException if this context cannot train classifiers (the default)
     * @since API 0.4.1
     */
    default Labeler labeler(Config labeler, Config source) {
        throw new UnsupportedOperationException("this data context cannot train labelling classifiers");
    }
}
