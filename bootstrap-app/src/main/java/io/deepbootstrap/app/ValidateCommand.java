package io.deepbootstrap.app;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.core.experiment.DataSplits;
import io.deepbootstrap.core.experiment.ExperimentData;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks a configuration completely (keys, types, components, data capacity, results folder) without training. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a configuration without training: keys, types, components, data, and that the results folder "
                + "can be written (a temporary entry is created there and removed at once); print the runs it plans.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "HOCON experiment file (default: the default experiment).")
    Path config;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (StopSignals signals = StopSignals.install(spec.commandLine().getErr())) {
            signals.phase("validating", "nothing was written");
            return validate();
        }
    }

    private int validate() {
        ExperimentLoader.Loaded loaded = ExperimentLoader.loadForResults(config, options, spec.commandLine().getErr());
        ExperimentSettings s = loaded.settings();
        try (loaded) {
            ExperimentData data = loaded.app().get(ExperimentData.class);
            List<RunId> runs = loaded.app().get(ExperimentRunner.class).validate(s, data, loaded.app().get(DataSplits.class));
            var out = spec.commandLine().getOut();
            out.printf("OK: %s — %d runs, T = %d steps of B = %d, data %s (%s, %d classes)%n", s.experiment().name(), runs.size(),
                    s.training().steps(), s.training().batchSize(), s.data().source().type(), data.data().inputShape(), data.data().numClasses());
            runs.forEach(r -> out.println("  " + r.label()));
            out.println("results would go to " + s.experiment().outputDirectory());
        }
        return 0;
    }
}
