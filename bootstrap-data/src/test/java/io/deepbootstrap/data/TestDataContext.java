package io.deepbootstrap.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A DataContext for tests: resolves against a directory, caches under it, builds nested sources from given factories. */
public final class TestDataContext implements DataContext {
    private final Path base;
    private final Path cache;
    private final Map<String, DataSourceFactory> factories = new HashMap<>();

    public TestDataContext(Path base) {
        this.base = base;
        this.cache = base.resolve("cache");
    }

    public TestDataContext with(DataSourceFactory factory) {
        factories.put(factory.name(), factory);
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
}
