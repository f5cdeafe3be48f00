package io.deepbootstrap.core.testing;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.Parameters;

/** Test architecture {@code nan-after}: a softmax regression whose loss becomes NaN after {@code steps} steps. */
public final class NanAfter implements ArchitectureFactory {
    @Override
    public String name() {
        return "nan-after";
    }

    @Override
    public String description() {
        return "test network that diverges";
    }

    @Override
    public Network create(Config config, ArchitectureContext context) {
        int after = config.getInt("steps");
        SoftmaxRegression inner = new SoftmaxRegression(context.inputShape().size(), context.numClasses(), context.weightSeed());
        return new Network() {
            private int steps;

            @Override
            public double computeGradients(Batch batch) {
                double loss = inner.computeGradients(batch);
                return ++steps > after ? Double.NaN : loss;
            }

            @Override
            public void predict(Batch batch, float[] probabilities) {
                inner.predict(batch, probabilities);
            }

            @Override
            public Parameters parameters() {
                return inner.parameters();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
