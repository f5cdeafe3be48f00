package io.deepbootstrap.app;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.data.cifar.Cifar5mWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Samples the configuration's generator (e.g. a fitted model) into npz parts in CIFAR-5m's layout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sample the data source of CONFIG (a generator, e.g. type = fitted) into part0.npz, part1.npz, ... "
                + "in CIFAR-5m's layout (X uint8 (n,h,w,c), Y int64), readable by the cifar5m and npz sources.")
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "HOCON experiment file whose data block is a generator.")
    Path config;

    @Option(names = "--count", required = true, description = "Number of examples to write.")
    long count;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
    Path out;

    @Option(names = "--part-size", defaultValue = "" + Cifar5mWriter.CIFAR5M_PART_SIZE,
            description = "Examples per part (default: ${DEFAULT-VALUE}, as CIFAR-5m).")
    int partSize;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || partSize < 1) {
            throw new ConfigError("--count and --part-size must be >= 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (StopSignals signals = StopSignals.install(err)) {
            signals.phase("generating", "the parts completed in " + out + " are kept (each written whole), the one being "
                    + "written is discarded");
            return generate(err);
        }
    }

    private int generate(PrintWriter err) throws IOException {
        try (ExperimentLoader.Loaded loaded = ExperimentLoader.load(config, options, err);
             DataSource data = loaded.app().get(ExperimentRunner.class).openData(loaded.settings())) {
            if (!(data instanceof ExampleGenerator generator)) {
                throw new ConfigError("data.type: generate needs a generator (e.g. type = fitted), but '"
                        + loaded.settings().data().source().type() + "' is a finite pool");
            }
            long seed = loaded.settings().experiment().seeds().get(0);
            RandomGenerator random = RandomStreams.stream(seed, RandomStreams.Purpose.FRESH);
            List<Path> parts;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("generate").setInitialMax(count)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                parts = new Cifar5mWriter(partSize, bar::stepTo).write(generator, random, count, out);
            }
            spec.commandLine().getOut().printf("wrote %,d examples (%s, %d classes) to %d part(s) in %s%n", count,
                    generator.inputShape(), generator.numClasses(), parts.size(), out);
        }
        return 0;
    }
}
