package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.FreshGeneratorBatchSource;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.state.NetworkState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Pretrains an architecture on the pretraining distribution, through the same {@link RunFactory} as both
 * worlds, saves it, and returns its weights for transfer. The pretraining data is split like an
 * experiment's: a held-out set for a progress figure, and training batches of fresh examples (generator)
 * or epochs over the rest of the pool.
 */
final class Pretrainer {
    private static final int HELD_OUT = 1000;

    private final DataSource source;
    private final String sourceName;
    private final ExperimentSettings settings;
    private final RunFactory runs;

    /**
     * @param source the pretraining data
     * @param sourceName its type, for messages
     * @param settings the experiment
     * @param runs builds and trains the pretraining run
     */
    Pretrainer(DataSource source, String sourceName, ExperimentSettings settings, RunFactory runs) {
        this.source = source;
        this.sourceName = sourceName;
        this.settings = settings;
        this.runs = runs;
    }

    /**
     * @param architecture the architecture
     * @param seed the run seed
     * @param listener observer (progress)
     * @return the pretrained weights, as a transfer
     * @throws IllegalStateException if the pretraining diverged
     */
    InitialWeights pretrain(Architecture architecture, long seed, RunListener listener) {
        int steps = settings.pretraining().steps();
        long available = source instanceof ExamplePool pool ? pool.size() : Long.MAX_VALUE;
        int heldOut = (int) Math.min(HELD_OUT, available / 10);
        long pretrainSeed = RandomStreams.seed(seed, Purpose.PRETRAINING);
        int trainSize = source instanceof ExampleGenerator ? 1 : (int) (available - heldOut);
        DataSplit split = DataSplit.create(source, sourceName, pretrainSeed, heldOut, trainSize);
        BatchSource world = source instanceof ExampleGenerator g
                ? new FreshGeneratorBatchSource(g, RandomStreams.stream(pretrainSeed, Purpose.FRESH))
                : new EpochBatchSource(split.train(trainSize), RandomStreams.stream(pretrainSeed, Purpose.ORDER));
        RunId id = RunId.pretraining(architecture.label(), seed);
        Trainer.Plan plan = new Trainer.Plan(steps, step -> settings.pretraining().learningRate(), new int[] {steps}, false,
                settings.evaluation().convergence());
        RunFactory.Spec spec = new RunFactory.Spec(id, architecture, source.inputShape(), source.numClasses(), world, List.of(),
                split.test(), null, plan, InitialWeights.scratch(RunFactory.weightSeed(id)));
        Path saved = settings.experiment().outputDirectory().resolve("pretrained").resolve(architecture.label() + "-s" + seed + ".net");
        NetworkState[] weights = new NetworkState[1];
        RunRecord record = runs.run(spec, listener, network -> {
            try {
                Files.createDirectories(saved.getParent());
                NetworkState.save(network, saved);
            } catch (IOException e) {
                throw new UncheckedIOException("saving the pretrained network: " + e.getMessage(), e);
            }
            weights[0] = NetworkState.copyOf(network);
        });
        if (record.status() != RunStatus.OK) {
            throw new IllegalStateException("pretraining " + id + " " + record.status().id() + ": " + record.message());
        }
        double error = record.curve().get(record.curve().size() - 1).test().get("error");
        return InitialWeights.transfer(weights[0], String.format(Locale.ROOT,
                "source=%s, %d steps, held-out error %.4f, saved %s", sourceName, steps, error, saved.getFileName()));
    }
}
