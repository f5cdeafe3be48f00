package io.deepbootstrap.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import java.nio.file.Path;

/** Contexts and merged configs for tests, built the way the framework builds them. */
public final class TestContexts {
    private TestContexts() {
    }

    /** @return the user's keys merged over the component's defaults from reference.conf */
    public static Config merged(ComponentKind kind, String name, String userKeys) {
        return ConfigFactory.parseString(userKeys)
                .withFallback(ConfigFactory.load().getConfig(kind.defaultsPath(name)));
    }

    /** A data context resolving relative paths against {@code base}. */
    public static DataContext data(Path base) {
        return new DataContext() {
            @Override
            public Path resolve(String path) {
                return base.resolve(path);
            }

            @Override
            public Path cacheDirectory() {
                return base.resolve("cache");
            }

            @Override
            public DataSource createDataSource(Config config) {
                throw new UnsupportedOperationException("not in tests");
            }

            @Override
            public ResolvedGenerativeModel generativeModel(Config config) {
                throw new UnsupportedOperationException("not in tests");
            }
        };
    }

    /** An augmentation context. */
    public static AugmentationContext augmentation(InputShape shape, int numClasses) {
        return new AugmentationContext() {
            @Override
            public InputShape inputShape() {
                return shape;
            }

            @Override
            public int numClasses() {
                return numClasses;
            }
        };
    }
}
