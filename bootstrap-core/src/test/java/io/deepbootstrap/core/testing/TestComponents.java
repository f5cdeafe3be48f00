package io.deepbootstrap.core.testing;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.typesafe.config.Config;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;

/** Guice module registering the test fixtures as components {@code blobs}, {@code array-pool}, {@code softmax}. */
public final class TestComponents extends AbstractModule {

    /** {@code blobs}: a {@link BlobGenerator}. */
    public static final class Blobs implements DataSourceFactory {
        @Override
        public String name() {
            return "blobs";
        }

        @Override
        public String description() {
            return "test blobs";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            return new BlobGenerator(config.getInt("dimension"), config.getInt("classes"), config.getDouble("separation"));
        }
    }

    /** {@code array-pool}: an {@link ArrayPool}. */
    public static final class Pool implements DataSourceFactory {
        @Override
        public String name() {
            return "array-pool";
        }

        @Override
        public String description() {
            return "test pool";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            int test = config.getInt("test-split");
            return new ArrayPool(config.getInt("size"), 3, test > 0 ? new ArrayPool(test, 3, null) : null);
        }
    }

    /** {@code softmax}: a {@link SoftmaxRegression}. */
    public static final class Softmax implements ArchitectureFactory {
        @Override
        public String name() {
            return "softmax";
        }

        @Override
        public String description() {
            return "test softmax regression";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            return new SoftmaxRegression(context.inputShape().size(), context.numClasses(), context.weightSeed());
        }
    }

    /** Every value the {@code record-random} augmentation drew, in order. */
    public static final List<Long> RECORDED = Collections.synchronizedList(new ArrayList<>());

    /** {@code record-random}: draws one long per batch from the augmentation stream and records it. */
    public static final class RecordRandom implements AugmentationFactory {
        @Override
        public String name() {
            return "record-random";
        }

        @Override
        public String description() {
            return "test augmentation recording its random stream";
        }

        @Override
        public Augmentation create(Config config, AugmentationContext context) {
            return (batch, random) -> RECORDED.add(random.nextLong());
        }
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), AugmentationFactory.class).addBinding().to(RecordRandom.class);
        Multibinder<DataSourceFactory> data = Multibinder.newSetBinder(binder(), DataSourceFactory.class);
        data.addBinding().to(Blobs.class);
        data.addBinding().to(Pool.class);
        Multibinder<ArchitectureFactory> archs = Multibinder.newSetBinder(binder(), ArchitectureFactory.class);
        archs.addBinding().to(Softmax.class);
        archs.addBinding().to(NanAfter.class);
    }
}
