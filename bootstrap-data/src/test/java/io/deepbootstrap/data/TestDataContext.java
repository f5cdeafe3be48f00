package io.deepbootstrap.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.TreeMap;

/** A DataContext for tests: resolves against a directory, caches under it, builds nested sources from given factories. */
public final class TestDataContext implements DataContext {
    private final Path base;
    private final Path cache;
    private final Map<String, DataSourceFactory> factories = new HashMap<>();
    private final Map<String, GenerativeModelFactory> models = new TreeMap<>();
    private BiFunction<Config, Config, Labeler> labelers;

    public TestDataContext(Path base) {
        this.base = base;
        this.cache = base.resolve("cache");
    }

    public TestDataContext with(DataSourceFactory factory) {
        factories.put(factory.name(), factory);
        return this;
    }

    public TestDataContext with(GenerativeModelFactory model) {
        models.put(model.name(), model);
        return this;
    }

    /** @param labelers what {@link #labeler} returns for (labeller block, source block) @return this */
    public TestDataContext withLabelers(BiFunction<Config, Config, Labeler> labelers) {
        this.labelers = labelers;
        return this;
    }

    /** Merges user keys over a component's reference.conf defaults, as the framework does. */
    public static Config merged(String name, String userKeys) {
        return ConfigFactory.parseString(userKeys).withFallback(ConfigFactory.load().getConfig(ComponentKind.DATA_SOURCE.defaultsPath(name)));
    }

    @Override
    public Path resolve(String path) {
        return base.resolve(path);
    }

    @Override
    public Path cacheDirectory() {
        return cache;
    }

    @Override
    public DataSource createDataSource(Config config) {
        String type = config.getString("type");
        DataSourceFactory f = factories.get(type);
        if (f == null) {
            throw new IllegalArgumentException("no factory " + type);
        }
        Config user = config.withoutPath("type");
        Config defaults = ConfigFactory.load().hasPath(ComponentKind.DATA_SOURCE.defaultsPath(type))
                ? ConfigFactory.load().getConfig(ComponentKind.DATA_SOURCE.defaultsPath(type)) : ConfigFactory.empty();
        return f.create(user.withFallback(defaults), this);
    }

    /** Like the framework (simplified): the type's factory, the keys merged over its defaults, unknown keys rejected. */
    @Override
    public ResolvedGenerativeModel generativeModel(Config config) {
        String type = config.getString("type");
        GenerativeModelFactory f = models.get(type);
        if (f == null) {
            throw new IllegalArgumentException("no generative model " + type);
        }
        Config defaults = ConfigFactory.load().getConfig(ComponentKind.GENERATIVE_MODEL.defaultsPath(type));
        Config user = config.withoutPath("type");
        for (String key : user.root().keySet()) {
            if (!defaults.hasPath(key)) {
                throw new ConfigException.BadValue(user.origin(), key, "unknown key for generative model " + type);
            }
        }
        return new ResolvedGenerativeModel(f, user.withFallback(defaults));
    }

    @Override
    public Labeler labeler(Config labeler, Config source) {
        if (labelers == null) {
            return DataContext.super.labeler(labeler, source);
        }
        return labelers.apply(labeler, source);
    }
}
