package io.deepbootstrap.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.experiment.DataSplits;
import io.deepbootstrap.core.experiment.ExperimentData;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.settings.DataSection;
import io.deepbootstrap.core.settings.EvaluationSection;
import io.deepbootstrap.core.settings.ExperimentSection;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.PretrainingSection;
import io.deepbootstrap.core.settings.TrainingSection;

/**
 * Guice wiring of one experiment, in the same injector as {@link CoreModule}: the user's configuration;
 * the settings, parsed once against the application's and plugins' defaults and the registry, and each of
 * their sections; the data sources, opened and checked once ({@link ExperimentData}); the data cache over
 * them ({@link DataSplits}); and the prepared experiment. Everything is a singleton of the injector, and
 * what it opens is closed by the injector's {@link Closer}. A configuration error surfaces when the
 * settings are first asked for (wrapped by Guice in a {@code ProvisionException}).
 */
public final class ExperimentModule extends AbstractModule {
    private final ConfigLoader.UserConfig user;

    /** @param user the user's configuration file (or the default experiment) with its overrides */
    public ExperimentModule(ConfigLoader.UserConfig user) {
        this.user = user;
    }

    @Override
    protected void configure() {
        bind(ConfigLoader.UserConfig.class).toInstance(user);
    }

    @Provides
    @Singleton
    ExperimentSettings settings(ReferenceConfig defaults, ComponentRegistry registry) {
        Config merged = ConfigLoader.merge(user.user(), defaults.config());
        return ExperimentSettings.parse(user.user(), defaults.config(), merged, user.baseDirectory(), registry);
    }

    @Provides
    ExperimentSection experiment(ExperimentSettings settings) {
        return settings.experiment();
    }

    @Provides
    DataSection data(ExperimentSettings settings) {
        return settings.data();
    }

    @Provides
    TrainingSection training(ExperimentSettings settings) {
        return settings.training();
    }

    @Provides
    EvaluationSection evaluation(ExperimentSettings settings) {
        return settings.evaluation();
    }

    @Provides
    PretrainingSection pretraining(ExperimentSettings settings) {
        return settings.pretraining();
    }

    @Provides
    @Singleton
    ExperimentData sources(ExperimentSettings settings, ComponentRegistry registry, Closer closer) {
        return closer.register(ExperimentData.open(settings, registry));
    }

    @Provides
    @Singleton
    DataSplits splits(ExperimentSettings settings, ExperimentData data) {
        return new DataSplits(settings, data);
    }

    @Provides
    @Singleton
    ExperimentRunner.Prepared prepared(ExperimentRunner runner, ExperimentSettings settings, ExperimentData data, DataSplits splits,
                                       Closer closer) {
        return closer.register(runner.prepare(settings, data, splits));
    }
}
