package io.deepbootstrap.core.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.run.RunListenerContext;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.labeler.ClassifierLabelers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The framework's implementations of the SPI context interfaces. */
public final class RunContexts {
    private RunContexts() {
    }

    /**
     * @param inputShape input shape
     * @param numClasses classes
     * @param weightSeed weight seed
     * @param maxBatchSize largest batch
     * @param nativeThreads native threads the network uses
     */
    public record Architecture(InputShape inputShape, int numClasses, long weightSeed, int maxBatchSize,
                               int nativeThreads) implements ArchitectureContext {
    }

    /** @param inputShape input shape @param numClasses classes */
    public record Augmentation(InputShape inputShape, int numClasses) implements AugmentationContext {
    }

    /** @param numClasses classes */
    public record Metric(int numClasses) implements MetricContext {
    }

    /** @param experimentName name @param outputDirectory directory */
    public record Listener(String experimentName, Path outputDirectory) implements RunListenerContext {
    }

    /** Data context: paths relative to the configuration file, nested sources resolved like top-level ones. */
    public static final class Data implements DataContext {
        private final Path base;
        private final Path cache;
        private final ComponentConfigs components;
        /** The blocks handed to data source factories, by their path: nested blocks are named after them. */
        private final Map<String, ConfigObject> blocks = new ConcurrentHashMap<>();

        /**
         * @param base directory relative paths are resolved against
         * @param cache cache directory
         * @param components resolver of nested data source and generative model blocks
         */
        public Data(Path base, Path cache, ComponentConfigs components) {
            this.base = base;
            this.cache = cache;
            this.components = components;
        }

        @Override
        public Path resolve(String path) {
            Path p = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
            return p.isAbsolute() ? p : base.resolve(p).normalize();
        }

        @Override
        public Path cacheDirectory() {
            return cache;
        }

        @Override
        public DataSource createDataSource(Config config) {
            List<String> problems = new ArrayList<>();
            String path = pathOf(config, "data source");
            ComponentConfigs.Resolved<DataSourceFactory> r = components.resolve(ComponentKind.DATA_SOURCE,
                    config.root(), path, Set.of(), problems);
            if (r == null) {
                throw new ConfigError(problems);
            }
            return create(r, this, path);
        }

        /**
         * @return the full path of a block nested in one handed to a factory (e.g. {@code data.source} for the
         *     {@code source} block of a {@code fitted} source at {@code data}), for messages; else the fallback
         */
        private String pathOf(Config nested, String fallback) {
            ConfigObject object = nested.root();
            for (Map.Entry<String, ConfigObject> block : blocks.entrySet()) {
                for (Map.Entry<String, ConfigValue> child : block.getValue().entrySet()) {
                    if (child.getValue() == object) { // the factory passed on a child of its own block
                        return block.getKey() + "." + child.getKey();
                    }
                }
            }
            return fallback;
        }

        /**
         * Resolves a generative model block like any component block: the factory from the registry (built in
         * or from a plugin), the keys merged over {@code bootstrap.components.generative-model.<type>}.
         *
         * @throws ConfigError naming the key if the type is missing or unknown, or a key is unknown or mistyped
         */
        @Override
        public ResolvedGenerativeModel generativeModel(Config config) {
            List<String> problems = new ArrayList<>();
            ComponentConfigs.Resolved<GenerativeModelFactory> r = components.resolve(ComponentKind.GENERATIVE_MODEL,
                    config.root(), pathOf(config, "model"), Set.of(), problems);
            if (r == null) {
                throw new ConfigError(problems);
            }
            return new ResolvedGenerativeModel(r.factory(), r.config());
        }

        /**
         * Trains a classifier on a source, or loads it from the cache ({@link ClassifierLabelers}).
         *
         * @throws ConfigError naming the key or the cache file
         */
        @Override
        public Labeler labeler(Config labeler, Config source) {
            return ClassifierLabelers.obtain(labeler, source, this, components);
        }

        /**
         * Opens a resolved data-source block, with its {@code class-subset} (if any) applied by the framework.
         *
         * @throws ConfigError naming {@code path} if the source rejects its configuration or the class subset does
         *     not fit it
         */
        static DataSource create(ComponentConfigs.Resolved<DataSourceFactory> r, DataContext context, String path) {
            String key = ComponentConfigs.CLASS_SUBSET;
            List<Integer> classes = r.config().hasPath(key) ? r.config().getIntList(key) : List.of();
            Config own = r.config().withoutPath(key);
            if (context instanceof Data data) {
                data.blocks.put(path, own.root()); // what the factory sees: its nested blocks are named after it
            }
            // ConfigException, missing files, malformed data: configuration errors, all before training
            DataSource source = ComponentCalls.create(path, r.type(), r.factory(), () -> r.factory().create(own, context));
            if (classes.isEmpty()) {
                return source;
            }
            try {
                return ClassSubset.of(source, classes);
            } catch (IllegalArgumentException e) {
                source.close();
                throw new ConfigError(ConfigError.describe(r.config().getValue(key).origin(), path + "." + key, e.getMessage()));
            }
        }
    }
}
