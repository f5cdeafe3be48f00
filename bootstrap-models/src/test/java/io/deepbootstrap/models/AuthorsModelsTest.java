package io.deepbootstrap.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.models.arch.Mcnn;
import io.deepbootstrap.models.arch.Mlp;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Deep Bootstrap authors' architectures (preetum/deep-bootstrap-code, common/models32.py): mcnn and the
 * MLP with batch norm. The expected parameter counts were computed with PyTorch 1.13 from their model code
 * ({@code sum(p.numel() for p in model.parameters())}; batch-norm running statistics are buffers, not
 * parameters, in both).
 */
class AuthorsModelsTest {
    private static final InputShape CIFAR = new InputShape(32, 32, 3);
    private static final InputShape MNIST = new InputShape(28, 28, 1);

    static Network build(String name, String keys, InputShape shape, int classes) {
        ArchitectureFactory factory = name.equals("mcnn") ? new Mcnn.Factory() : new Mlp.Factory();
        Config config = ConfigFactory.parseString(keys)
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath(name)));
        return factory.create(config, new TestContext(shape, classes, 1, 24));
    }

    static Stream<Arguments> pytorchCounts() {
        return Stream.of(
                // mcnn(width=64) on CIFAR: conv 3->64, 64->128, 128->256, 256->512 with bias, 4 BN, Linear(512, 10)
                Arguments.of("mcnn", "width = 64", CIFAR, 1_558_026L),
                Arguments.of("mcnn", "width = 16", MNIST, 98_922L),
                // mcnn_nobn: the BN affine parameters (2 * 960) are gone
                Arguments.of("mcnn", "width = 64, batch-norm = false", CIFAR, 1_556_106L),
                // their default mlp: widths [128, 128, 128], BatchNorm1d after every hidden layer
                Arguments.of("mlp", "hidden = [128, 128, 128], batch-norm = true", CIFAR, 428_426L),
                Arguments.of("mlp", "hidden = [512, 512], batch-norm = true", MNIST, 671_754L),
                Arguments.of("mlp", "hidden = [512, 512], batch-norm = false", MNIST, 669_706L));
    }

    @ParameterizedTest(name = "{0} {1} on {2}: {3}")
    @MethodSource("pytorchCounts")
    void parameterCountsEqualThePyTorchOriginals(String name, String keys, InputShape shape, long expected) {
        try (Network net = build(name, keys, shape, 10)) {
            assertThat(net.parameterCount()).isEqualTo(expected);
        }
    }

    @Test
    void mcnnLayersAreTheAuthorsOrder() {
        try (Network net = build("mcnn", "width = 2", CIFAR, 10)) {
            // conv, bn, relu; conv, bn, relu, pool; conv, bn, relu, pool; conv, bn, relu; global max-pool; dense
            assertThat(List.copyOf(net.parameters().valueViews().keySet())).containsExactly(
                    "0_conv2d.weight", "0_conv2d.bias", "1_batchnorm.gamma", "1_batchnorm.beta",
                    "3_conv2d.weight", "3_conv2d.bias", "4_batchnorm.gamma", "4_batchnorm.beta",
                    "7_conv2d.weight", "7_conv2d.bias", "8_batchnorm.gamma", "8_batchnorm.beta",
                    "11_conv2d.weight", "11_conv2d.bias", "12_batchnorm.gamma", "12_batchnorm.beta",
                    "15_dense.weight", "15_dense.bias");
            assertThat(net.parameters().value("11_conv2d.weight").shape()).containsExactly(3, 3, 8, 16);
            assertThat(net.parameters().value("15_dense.weight").shape()).containsExactly(16, 10);
        }
    }

    @Test
    void mlpBatchNormSitsBetweenDenseAndActivation() {
        try (Network net = build("mlp", "hidden = [8, 4], batch-norm = true", MNIST, 3)) {
            assertThat(List.copyOf(net.parameters().valueViews().keySet())).containsExactly(
                    "0_dense.weight", "0_dense.bias", "1_batchnorm.gamma", "1_batchnorm.beta",
                    "3_dense.weight", "3_dense.bias", "4_batchnorm.gamma", "4_batchnorm.beta",
                    "6_dense.weight", "6_dense.bias");
        }
    }

    static Stream<Arguments> small() {
        return Stream.of(Arguments.of("mcnn", "width = 4", MNIST), Arguments.of("mcnn", "width = 4", CIFAR),
                Arguments.of("mlp", "hidden = [32, 16], batch-norm = true", MNIST));
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("small")
    void learnsATinyTaskAndPredictsWithRunningStatistics(String name, String keys, InputShape shape) {
        Batch batch = TinyTasks.batch(shape, 3, 24, 7);
        try (Network net = build(name, keys, shape, 3)) {
            float[] p = TinyTasks.assertLearns(net, OptimizerSpec.sgd(0.9), batch, 0.05, 40, 6);
            // a single example gets the same probabilities as within the batch: batch norm predicts with
            // running statistics, not the statistics of the predicted batch
            batch.setSize(1);
            float[] single = new float[3];
            net.predict(batch, single);
            for (int j = 0; j < 3; j++) {
                assertThat(single[j]).isCloseTo(p[j], Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void badKeysAreConfigErrors() {
        assertThatThrownBy(() -> build("mlp", "batch-norm = true, engine = dl4j", MNIST, 3))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("batch-norm")
                .hasMessageContaining("batch norm in the mlp needs engine = native");
        assertThatThrownBy(() -> build("mcnn", "width = 0", MNIST, 3))
                .isInstanceOf(ConfigException.class).hasMessageContaining("width");
        assertThatThrownBy(() -> build("mcnn", "width = 4", new InputShape(3, 3, 1), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mcnn needs images of at least 4x4 (two 2x2 max-pools), got 3x3");
    }
}
