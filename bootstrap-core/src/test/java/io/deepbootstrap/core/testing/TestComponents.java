package io.deepbootstrap.core.testing;

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
import io.deepbootstrap.core.registry.ComponentRegistration;

/** The test fixtures as components: {@code blobs}, {@code array-pool}, {@code softmax}, {@code softmax-bn}, {@code nan-after}, {@code record-random}. */
public final class TestComponents {
    private TestComponents() {
    }

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

    /** {@code softmax-bn}: a {@link SoftmaxWithRunningMean} (a network with a buffer). */
    public static final class SoftmaxBn implements ArchitectureFactory {
        @Override
        public String name() {
            return "softmax-bn";
        }

        @Override
        public String description() {
            return "test softmax regression with a running-mean buffer";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            return new SoftmaxWithRunningMean(context.inputShape().size(), context.numClasses(), context.weightSeed());
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

    /** {@code faulty}: a metric whose create() fails as its {@code fault} key says: {@code npe} (a bug) or {@code bad-value}. */
    public static final class Faulty implements io.deepbootstrap.api.metric.MetricFactory {
        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public String description() {
            return "test metric failing in create()";
        }

        @Override
        public io.deepbootstrap.api.metric.Metric create(Config config, io.deepbootstrap.api.metric.MetricContext context) {
            String fault = io.deepbootstrap.api.config.ConfigValues.choice(config, "fault", "npe", "bad-value");
            if (fault.equals("bad-value")) {
                throw new IllegalArgumentException("fault = bad-value is not allowed");
            }
            Object missing = fault.equals("npe") ? null : fault;
            int hash = missing.hashCode();
            return (p, l, c, k) -> hash;
        }
    }

    /** {@code marker}: a run listener that writes {@code marker.txt} into the output folder when it is created. */
    public static final class Marker implements io.deepbootstrap.api.run.RunListenerFactory {
        @Override
        public String name() {
            return "marker";
        }

        @Override
        public String description() {
            return "test listener writing a file when created";
        }

        @Override
        public io.deepbootstrap.api.run.RunListener create(Config config, io.deepbootstrap.api.run.RunListenerContext context) {
            try {
                java.nio.file.Files.createDirectories(context.outputDirectory());
                java.nio.file.Files.writeString(context.outputDirectory().resolve("marker.txt"), context.experimentName());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new io.deepbootstrap.api.run.RunListener() { };
        }
    }

    /** The native thread counts the {@code threads-probe} architecture was created with, in order. */
    public static final List<Integer> THREADS = Collections.synchronizedList(new ArrayList<>());

    /** {@code threads-probe}: a softmax regression that records {@link ArchitectureContext#nativeThreads()}. */
    public static final class ThreadsProbe implements ArchitectureFactory {
        @Override
        public String name() {
            return "threads-probe";
        }

        @Override
        public String description() {
            return "test softmax regression recording its native thread count";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            THREADS.add(context.nativeThreads());
            return new SoftmaxRegression(context.inputShape().size(), context.numClasses(), context.weightSeed());
        }
    }

    /** @return the fixtures' registrations */
    public static List<ComponentRegistration> registrations() {
        return java.util.stream.Stream.of(new RecordRandom(), new Blobs(), new Pool(), new Softmax(), new SoftmaxBn(), new NanAfter(),
                        new Faulty(), new Marker(), new ThreadsProbe())
                .map(ComponentRegistration::builtIn).toList();
    }
}
