package io.deepbootstrap.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.models.arch.ResNet;
import io.deepbootstrap.models.arch.Vgg;
import io.deepbootstrap.models.arch.Vit;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The paper's image architectures: resnet, vgg, vit (tiny widths so that each case takes a few seconds). */
class ImageArchitecturesTest {
    private static final InputShape MNIST = new InputShape(28, 28, 1);
    private static final InputShape CIFAR = new InputShape(32, 32, 3);

    static Config config(String name, String userKeys) {
        return ConfigFactory.parseString(userKeys)
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath(name)));
    }

    static ArchitectureFactory factory(String name) {
        return switch (name) {
            case "resnet" -> new ResNet.Factory();
            case "vgg" -> new Vgg.Factory();
            default -> new Vit.Factory();
        };
    }

    static Network build(String name, String keys, InputShape shape, long seed) {
        return factory(name).create(config(name, keys), new TestContext(shape, 3, seed, 24));
    }

    static Stream<Arguments> cases() {
        OptimizerSpec sgd = OptimizerSpec.sgd(0.9);
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Type.ADAM, 0, false, 0, 0.9, 0.999, 1e-8);
        return Stream.of(
                // name, keys, shape, optimizer, lr, expected parameter shapes
                Arguments.of("resnet", "width = 4, blocks = [1, 1, 1, 1]", MNIST, sgd, 0.05,
                        Map.of("0_conv2d.weight", new long[] {3, 3, 1, 4}, "4_preact-block.shortcut.weight", new long[] {1, 1, 16, 32},
                                "8_dense.weight", new long[] {32, 3})),
                Arguments.of("resnet", "width = 4, blocks = [1, 1, 1, 1]", CIFAR, sgd, 0.05,
                        Map.of("0_conv2d.weight", new long[] {3, 3, 3, 4}, "2_preact-block.conv1.weight", new long[] {3, 3, 4, 8},
                                "8_dense.weight", new long[] {32, 3})),
                Arguments.of("resnet", "width = 2, depth = 18", CIFAR, sgd, 0.05,
                        Map.of("8_preact-block.conv2.weight", new long[] {3, 3, 16, 16}, "12_dense.weight", new long[] {16, 3})),
                Arguments.of("vgg", "width-multiplier = 0.0625", MNIST, sgd, 0.05,
                        Map.of("0_conv2d.weight", new long[] {3, 3, 1, 4}, "29_dense.weight", new long[] {32, 3})),
                Arguments.of("vgg", "width-multiplier = 0.0625", CIFAR, sgd, 0.05,
                        Map.of("0_conv2d.weight", new long[] {3, 3, 3, 4}, "30_dense.weight", new long[] {32, 3})),
                // 28x28 with 4x4 patches: 49 tokens
                Arguments.of("vit", "patch-size = 4, dim = 8, depth = 1, heads = 2, mlp-dim = 16", MNIST, adam, 0.01,
                        Map.of("0_patch-embedding.position", new long[] {49, 8}, "0_patch-embedding.proj.weight", new long[] {4, 4, 1, 8},
                                "4_dense.weight", new long[] {8, 3})),
                Arguments.of("vit", "patch-size = 7, dim = 16, depth = 2, heads = 2, mlp-dim = 32", MNIST, adam, 0.003,
                        Map.of("0_patch-embedding.position", new long[] {16, 16}, "2_transformer-block.fc1.weight", new long[] {16, 32},
                                "5_dense.weight", new long[] {16, 3})),
                // 32x32 with 4x4 patches: 64 tokens
                Arguments.of("vit", "patch-size = 4, dim = 8, depth = 1, heads = 2, mlp-dim = 16", CIFAR, adam, 0.01,
                        Map.of("0_patch-embedding.position", new long[] {64, 8}, "1_transformer-block.attention.qkv.weight", new long[] {8, 24})),
                Arguments.of("vit", "patch-size = 8, dim = 16, depth = 2, heads = 4, mlp-dim = 16", CIFAR, adam, 0.003,
                        Map.of("0_patch-embedding.position", new long[] {16, 16}, "0_patch-embedding.proj.weight", new long[] {8, 8, 3, 16})));
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("cases")
    void learnsATinySeparableTaskWithRightShapesAndProbabilities(String name, String keys, InputShape shape, OptimizerSpec opt,
                                                                 double lr, Map<String, long[]> paramShapes) {
        Batch batch = TinyTasks.batch(shape, 3, 24, 7);
        try (Network net = build(name, keys, shape, 42)) {
            for (Map.Entry<String, long[]> e : paramShapes.entrySet()) {
                assertThat(net.parameters().valueViews()).as(e.getKey()).containsKey(e.getKey());
                assertThat(net.parameters().value(e.getKey()).shape()).as(e.getKey()).containsExactly(e.getValue());
            }
            assertThat(((NativeNetwork) net).sequential().outputShape()).containsExactly(3);
            float[] p = TinyTasks.assertLearns(net, opt, batch, lr, 40, 6);

            // predictions do not depend on the rest of the batch (batch norm uses running statistics)
            float[] again = new float[6 * 3];
            net.predict(batch, again);
            assertThat(again).containsExactly(p);
            batch.setSize(1);
            float[] single = new float[3];
            net.predict(batch, single);
            for (int j = 0; j < 3; j++) {
                assertThat(single[j]).isCloseTo(p[j], Offset.offset(1e-5f));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameSeedGivesIdenticalParametersAndOtherSeedDoesNot(String name, String keys, InputShape shape) {
        try (Network a = build(name, keys, shape, 5);
             Network b = build(name, keys, shape, 5);
             Network c = build(name, keys, shape, 6)) {
            boolean differs = false;
            for (Map.Entry<String, INDArray> e : a.parameters().valueViews().entrySet()) {
                assertThat(e.getValue()).isEqualTo(b.parameters().value(e.getKey()));
                differs |= !e.getValue().equals(c.parameters().value(e.getKey()));
            }
            assertThat(differs).isTrue();
        }
    }

    @Test
    void defaultsBuildTheDocumentedNetworksAndTrainAStep() {
        InputShape shape = CIFAR;
        Batch batch = TinyTasks.batch(shape, 10, 2, 1);
        // ResNet-18 at width 64: the reference PreActResNet18's 11,171,146 parameters plus the final batch norm's
        // 2 x 512; VGG-11 with BN as torchvision's CIFAR variants (conv bias, BN, 512 -> 10 dense); ViT: patch
        // projection 4*4*3*128 + 128, positions 64*128, 6 blocks of 132,480, final LN 256, head 1,290
        Map<String, Long> counts = Map.of("resnet", 11_172_170L, "vgg", 9_231_114L, "vit", 810_890L);
        for (String name : new String[] {"resnet", "vgg", "vit"}) {
            try (Network net = factory(name).create(config(name, ""), new TestContext(shape, 10, 1, 2))) {
                assertThat(net.parameterCount()).as(name).isEqualTo(counts.get(name));
                double loss = TinyTasks.step(net, Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters()), batch, 0.01);
                assertThat(loss).as(name).isBetween(1.0, 5.0);
            }
        }
    }

    @Test
    void allArchitecturesAreRegisteredWithDefaults() {
        Set<ArchitectureFactory> factories = java.util.ServiceLoader.load(ArchitectureFactory.class).stream()
                .map(java.util.ServiceLoader.Provider::get).collect(Collectors.toSet());
        Set<String> names = factories.stream().map(ArchitectureFactory::name).collect(Collectors.toSet());
        assertThat(names).contains("resnet", "vgg", "vit");
        for (String n : names) {
            assertThat(ConfigFactory.load().hasPath(ComponentKind.ARCHITECTURE.defaultsPath(n))).as(n).isTrue();
        }
    }

    @Test
    void invalidKeysAreRejectedNamingTheKey() {
        TestContext ctx = new TestContext(MNIST, 10, 1, 8);
        assertThatThrownBy(() -> new ResNet.Factory().create(config("resnet", "depth = 50"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("depth")
                .hasMessageContaining("expected 10, 18 or 34").hasMessageContaining("got 50");
        assertThatThrownBy(() -> new ResNet.Factory().create(config("resnet", "blocks = [2, 0]"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("blocks");
        assertThatThrownBy(() -> new ResNet.Factory().create(config("resnet", "batch-norm-momentum = 0"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("batch-norm-momentum");
        assertThatThrownBy(() -> new Vgg.Factory().create(config("vgg", "depth = 12"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("depth").hasMessageContaining("got 12");
        assertThatThrownBy(() -> new Vgg.Factory().create(config("vgg", "width-multiplier = -1"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("width-multiplier");
        assertThatThrownBy(() -> new Vit.Factory().create(config("vit", "patch-size = 8"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("patch-size")
                .hasMessageContaining("divides the image size 28x28, got 8");
        assertThatThrownBy(() -> new Vit.Factory().create(config("vit", "heads = 3"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("heads")
                .hasMessageContaining("divides dim = 128, got 3");
    }
}
