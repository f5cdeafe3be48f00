package io.deepbootstrap.api.data;

import com.typesafe.config.Config;
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
}
