package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.Evaluator;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.FreshGeneratorBatchSource;
import io.deepbootstrap.core.engine.NamedMetric;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.TrainingBatchSource;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.state.NetworkState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Trains an architecture on the pretraining distribution with the same trainer as both worlds, saves it,
 * and returns its weights for transfer. The pretraining set is split like an experiment's data: a
 * held-out set for a progress figure, and training batches of fresh examples (generator) or epochs over
 * the rest of the pool.
 */
final class Pretrainer {
    private static final int HELD_OUT = 1000;

    private final DataSource source;
    private final String sourceName;
    private final ExperimentSettings settings;
    private final List<NamedMetric> metrics;
    private final Trainer trainer = new Trainer();

    Pretrainer(DataSource source, String sourceName, ExperimentSettings settings, List<NamedMetric> metrics) {
        this.source = source;
        this.sourceName = sourceName;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * @param label the architecture's label
     * @param seed the run seed
     * @param create builds the architecture for (number of classes, weight seed)
     * @param listener observer (progress)
     * @return the pretrained weights, as a transfer
     */
    InitialWeights pretrain(String label, long seed, Function<Integer, Network> create, RunListener listener) {
        int steps = settings.pretraining().steps();
        int heldOut = source instanceof ExampleGenerator ? HELD_OUT
                : (int) Math.min(HELD_OUT, ((io.deepbootstrap.api.data.ExamplePool) source).size() / 10);
        long pretrainSeed = RandomStreams.seed(seed, Purpose.PRETRAINING);
        DataSplit split = DataSplit.create(source, sourceName, pretrainSeed, heldOut,
                source instanceof ExampleGenerator ? 1 : (int) ((io.deepbootstrap.api.data.ExamplePool) source).size() - heldOut);
        ExampleSet test = split.test();
        BatchSource batches = source instanceof ExampleGenerator g
                ? new FreshGeneratorBatchSource(g, RandomStreams.stream(pretrainSeed, Purpose.FRESH))
                : new EpochBatchSource(split.train((int) ((io.deepbootstrap.api.data.ExamplePool) source).size() - heldOut),
                        RandomStreams.stream(pretrainSeed, Purpose.ORDER));
        RunId id = RunId.pretraining(label, seed);
        Batch buffer = new Batch(source.inputShape(), source.numClasses(), settings.training().batchSize());
        Evaluator evaluator = new Evaluator(metrics, new Batch(source.inputShape(), source.numClasses(), settings.evaluation().batchSize()));
        Trainer.Plan plan = new Trainer.Plan(steps, step -> settings.pretraining().learningRate(), new int[] {steps}, false,
                settings.evaluation().convergence());
        try (Network network = create.apply(source.numClasses());
             BatchSource pipeline = new TrainingBatchSource(batches, List.of(), RandomStreams.stream(pretrainSeed, Purpose.AUGMENTATION))) {
            Optimizer optimizer = Optimizers.create(settings.training().optimizer().spec(), network.parameters());
            RunRecord record = trainer.train(id, network, optimizer, pipeline, buffer, plan, evaluator, test, null, listener,
                    "scratch");
            if (record.status() != RunStatus.OK) {
                throw new IllegalStateException("pretraining " + id + " " + record.status().id() + ": " + record.message());
            }
            double error = record.curve().get(record.curve().size() - 1).test().get("error");
            Path saved = settings.experiment().outputDirectory().resolve("pretrained").resolve(label + "-s" + seed + ".net");
            Files.createDirectories(saved.getParent());
            NetworkState.save(network, saved);
            return InitialWeights.transfer(NetworkState.copyOf(network), String.format(Locale.ROOT,
                    "source=%s, %d steps, held-out error %.4f, saved %s", sourceName, steps, error, saved.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("saving the pretrained network: " + e.getMessage(), e);
        }
    }
}
