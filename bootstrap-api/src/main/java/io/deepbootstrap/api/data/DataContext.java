package io.deepbootstrap.api.data;

import com.typesafe.config.Config;
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
}
