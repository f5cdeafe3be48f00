package io.deepbootstrap.core.testing;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;

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
        int after = io.deepbootstrap.api.config.ConfigValues.integer(config, "steps");
        return new ForwardingNetwork(new SoftmaxRegression(context.inputShape().size(), context.numClasses(),
                context.weightSeed())) {
            private int steps;

            @Override
            public double computeGradients(Batch batch) {
                double loss = super.computeGradients(batch);
                return ++steps > after ? Double.NaN : loss;
            }
        };
    }
}
