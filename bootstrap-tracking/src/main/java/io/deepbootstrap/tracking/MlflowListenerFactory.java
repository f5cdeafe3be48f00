package io.deepbootstrap.tracking;

import com.typesafe.config.Config;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunListenerContext;
import io.deepbootstrap.api.run.RunListenerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code mlflow} run listener: sends every world run to an MLflow tracking server. */
public final class MlflowListenerFactory implements RunListenerFactory {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowListener.class);

    @Override
    public String name() {
        return "mlflow";
    }

    @Override
    public String description() {
        return "sends every world run to an MLflow tracking server: params, metrics per step, tags, result files";
    }

    @Override
    public RunListener create(Config config, RunListenerContext context) {
        MlflowSettings settings = MlflowSettings.of(config, context.experimentName());
        LOG.info("tracking runs in MLflow at {} (experiment '{}')", settings.trackingUri(), settings.experimentName());
        return new MlflowListener(settings, context.outputDirectory(), LOG::warn);
    }
}
