package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.FreshGeneratorBatchSource;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.TestSets;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.result.ResultPaths;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrains an architecture on the pretraining distribution, through the same {@link RunFactory} as both
 * worlds, saves it, and returns its weights for transfer. The pretraining data is split like an
 * experiment's: a held-out set for a progress figure, and training batches of fresh examples (generator)
 * or epochs over the rest of the pool.
 */
final class Pretrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Pretrainer.class);
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
     * @param persistence checkpoints of the pretraining run and its record: when an earlier process finished
     *     it, its saved network is loaded instead of pretraining again
     * @return the pretrained weights, as a transfer
     * @throws IllegalStateException if the pretraining diverged
     */
    InitialWeights pretrain(Architecture architecture, long seed, RunListener listener, RunPersistence persistence) {
        RunId id = RunId.pretraining(architecture.label(), seed);
        Path saved = ResultPaths.child(settings.experiment().outputDirectory().resolve("pretrained"), architecture.label() + "-s" + seed + ".net");
        Optional<RunRecord> earlier = persistence.finishedBefore(id);
        if (earlier.isPresent() && Files.exists(saved)) {
            try {
                NetworkState weights = NetworkState.read(saved);
                LOG.info("{}: pretrained earlier, loading {}", id, saved);
                return transfer(weights, earlier.get(), saved);
            } catch (IOException e) {
                LOG.warn("{}: cannot load the network pretrained earlier ({}); pretraining again", id, e.getMessage());
            }
        }
        int steps = settings.pretraining().steps();
        long available = source instanceof ExamplePool pool ? pool.size() : Long.MAX_VALUE;
        int heldOut = (int) Math.min(HELD_OUT, available / 10);
        long pretrainSeed = RandomStreams.seed(seed, Purpose.PRETRAINING);
        int trainSize = source instanceof ExampleGenerator ? 1 : (int) (available - heldOut);
        DataSplit split = DataSplit.create(source, sourceName, pretrainSeed, heldOut, trainSize);
        BatchSource world = source instanceof ExampleGenerator g
                ? new FreshGeneratorBatchSource(g, RandomStreams.stream(pretrainSeed, Purpose.FRESH))
                : new EpochBatchSource(split.train(trainSize), RandomStreams.stream(pretrainSeed, Purpose.ORDER));
        Trainer.Plan plan = new Trainer.Plan(steps, step -> settings.pretraining().learningRate(), new int[] {steps}, false,
                settings.evaluation().convergence());
        RunFactory.Spec spec = new RunFactory.Spec(id, architecture, source.inputShape(), source.numClasses(), world, List.of(),
                TestSets.single(split.test()), null, plan, InitialWeights.scratch(RunFactory.weightSeed(id)));
        NetworkState[] weights = new NetworkState[1];
        RunRecord record = runs.run(spec, listener, network -> {
            try {
                Files.createDirectories(saved.getParent());
                NetworkState.save(network, saved);
            } catch (IOException e) {
                throw new UncheckedIOException("saving the pretrained network: " + e.getMessage(), e);
            }
            weights[0] = NetworkState.copyOf(network);
        }, persistence);
        if (record.status() != RunStatus.OK) {
            throw new IllegalStateException("pretraining " + id + " " + record.status().id() + ": " + record.message());
        }
        persistence.finished(record);
        return transfer(weights[0], record, saved);
    }

    private InitialWeights transfer(NetworkState weights, RunRecord record, Path saved) {
        double error = record.curve().get(record.curve().size() - 1).test().get("error");
        return InitialWeights.transfer(weights, String.format(Locale.ROOT,
                "source=%s, %d steps, held-out error %.4f, saved %s", sourceName, settings.pretraining().steps(), error,
                saved.getFileName()));
    }
}
