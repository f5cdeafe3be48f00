package io.deepbootstrap.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.toolkit.optim.Optimizers;
import io.deepbootstrap.toolkit.optim.SettableSchedule;
import io.deepbootstrap.toolkit.optim.TorchMomentum;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class OptimizersTest {

    /** PyTorch's SGD rule with a changing learning rate, computed by hand for two steps. */
    @Test
    void torchMomentumFollowsPytorchsRuleWithChangingLearningRate() {
        for (boolean nesterov : new boolean[] {false, true}) {
            SettableSchedule lr = new SettableSchedule();
            TorchMomentum cfg = (TorchMomentum) Optimizers.updater(new OptimizerSpec(OptimizerSpec.Type.SGD, 0.5, nesterov, 0, 0.9, 0.999, 1e-8), lr);
            INDArray state = Nd4j.create(DataType.DOUBLE, 1, 2);
            GradientUpdater<?> u = cfg.instantiate(state, true);
            double[] g1 = {1, -2};
            double[] g2 = {3, 4};
            lr.set(0.1);
            INDArray step1 = Nd4j.createFromArray(g1).reshape(1, 2);
            u.applyUpdater(step1, 0, 0);
            lr.set(0.01);
            INDArray step2 = Nd4j.createFromArray(g2).reshape(1, 2);
            u.applyUpdater(step2, 1, 0);
            for (int i = 0; i < 2; i++) {
                double v1 = g1[i];
                double v2 = 0.5 * v1 + g2[i];
                double u1 = 0.1 * (nesterov ? g1[i] + 0.5 * v1 : v1);
                double u2 = 0.01 * (nesterov ? g2[i] + 0.5 * v2 : v2);
                assertThat(step1.getDouble(0, i)).isCloseTo(u1, within(1e-12));
                assertThat(step2.getDouble(0, i)).isCloseTo(u2, within(1e-12));
                assertThat(state.getDouble(0, i)).isCloseTo(v2, within(1e-12));
            }
        }
    }

    @Test
    void specsMapToTheExpectedUpdaters() {
        SettableSchedule lr = new SettableSchedule(0.3);
        assertThat(Optimizers.updater(OptimizerSpec.sgd(0), lr)).isInstanceOf(Sgd.class);
        assertThat(Optimizers.updater(OptimizerSpec.sgd(0.9), lr)).isInstanceOf(TorchMomentum.class);
        Adam adam = (Adam) Optimizers.updater(new OptimizerSpec(OptimizerSpec.Type.ADAM, 0, false, 0, 0.8, 0.99, 1e-6), lr);
        assertThat(adam.getBeta1()).isEqualTo(0.8);
        assertThat(adam.getBeta2()).isEqualTo(0.99);
        assertThat(adam.getEpsilon()).isEqualTo(1e-6);
        assertThat(adam.getLearningRate(5, 0)).isEqualTo(0.3);
        lr.set(0.7);
        assertThat(adam.clone().getLearningRate(5, 0)).isEqualTo(0.7);
    }

    @Test
    void theBuiltInArchitecturesAreListedAsServices() {
        Set<ArchitectureFactory> factories = java.util.ServiceLoader.load(ArchitectureFactory.class).stream()
                .map(java.util.ServiceLoader.Provider::get).collect(Collectors.toSet());
        assertThat(factories.stream().map(ArchitectureFactory::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("mlp", "cnn", "mcnn", "preact-resnet", "resnet", "vgg", "vit");
    }
}
