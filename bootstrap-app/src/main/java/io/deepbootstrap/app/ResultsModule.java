package io.deepbootstrap.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.deepbootstrap.app.report.ExperimentReport;
import io.deepbootstrap.core.settings.ExperimentSettings;

/**
 * Guice wiring of the result writers of an experiment: the {@link ExperimentReport} (curves, summary,
 * plots, decomposition, environment, HTML report) for the experiment's output folder. Each provision starts
 * a new report clock, so take it right before the first run.
 */
final class ResultsModule extends AbstractModule {

    @Provides
    ExperimentReport report(ExperimentSettings settings) {
        return ExperimentReport.start(settings.experiment().outputDirectory(), settings.experiment().name(),
                settings.evaluation().convergence());
    }
}
