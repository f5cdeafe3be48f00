package io.deepbootstrap.plugins.widemlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.testkit.Contexts;
import io.deepbootstrap.testkit.Testkit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WideMlpArchitectureTest {
    private static final InputShape SHAPE = InputShape.vector(4);

    /** The configuration the framework would pass: the overrides over this plugin's reference.conf, checked. */
    private static Config config(String user) {
        return Testkit.config(ComponentKind.ARCHITECTURE, "wide-mlp", user);
    }

    /** Two classes: the sign of the first feature. */
    private static void fill(Batch batch, SplittableRandom random) {
        float[] f = batch.features();
        for (int i = 0; i < batch.size(); i++) {
            for (int j = 0; j < 4; j++) {
                f[i * 4 + j] = (float) (random.nextDouble() * 2 - 1);
            }
            batch.labels()[i] = f[i * 4] > 0 ? 1 : 0;
        }
        batch.setOneHotTargets();
    }

    @Test
    void learnsALinearlySeparableProblem() {
        ArchitectureContext context = Contexts.architecture(SHAPE, 2, 7, 32);
        try (Network net = new WideMlpArchitecture().create(config("width = 64, depth = 2"), context)) {
            assertThat(net.parameterCount()).isEqualTo(4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
            // the framework's optimizer, as the trainer uses it
            Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0), net.parameters());
            SplittableRandom random = new SplittableRandom(1);
            Batch batch = new Batch(SHAPE, 2, 32);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 200; step++) {
                fill(batch, random);
                double loss = net.computeGradients(batch);
                optimizer.step(0.2);
                if (step == 0) {
                    first = loss;
                }
                last = loss;
            }
            assertThat(last).isLessThan(first / 2);
            fill(batch, random);
            float[] p = new float[32 * 2];
            net.predict(batch, p);
            int correct = 0;
            for (int i = 0; i < 32; i++) {
                assertThat(p[2 * i] + p[2 * i + 1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
                correct += (p[2 * i + 1] > p[2 * i] ? 1 : 0) == batch.labels()[i] ? 1 : 0;
            }
            assertThat(correct).isGreaterThanOrEqualTo(29);
        }
    }

    @Test
    void equalSeedsGiveEqualInitialWeights() {
        ArchitectureContext context = Contexts.architecture(SHAPE, 3, 11, 8);
        try (Network a = new WideMlpArchitecture().create(config("width = 16"), context);
             Network b = new WideMlpArchitecture().create(config("width = 16"), context)) {
            assertThat(a.parameters().views()).isEqualTo(b.parameters().views());
            assertThat(a.parameters().values()).isEqualTo(b.parameters().values());
        }
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        ArchitectureContext context = Contexts.architecture(SHAPE, 2, 1, 8);
        assertThatThrownBy(() -> new WideMlpArchitecture().create(config("width = 0"), context))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("width")
                .hasMessageContaining("expected an integer >= 1, found 0");
        assertThatThrownBy(() -> new WideMlpArchitecture().create(config("activation = swish"), context))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("expected relu, tanh or leaky-relu, got 'swish'");
    }
}
