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
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.state.NetworkState;
import io.deepbootstrap.models.arch.Cnn;
import io.deepbootstrap.models.arch.Mlp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class ArchitecturesTest {

    static Config config(String name, String userKeys) {
        return ConfigFactory.parseString(userKeys)
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.ARCHITECTURE.defaultsPath(name)));
    }

    static ArchitectureFactory factory(String name) {
        return switch (name) {
            case "mlp" -> new Mlp.Factory();
            case "cnn" -> new Cnn.Factory();
            default -> new io.deepbootstrap.models.arch.PreactResnet.Factory();
        };
    }

    /** Small variants so that tests stay fast. */
    static Network build(String name, String engine, InputShape shape, long seed) {
        String keys = switch (name) {
            case "mlp" -> "hidden = [32, 16], engine = " + engine;
            case "cnn" -> "channels = [4, 8], dense = 16, engine = " + engine;
            default -> "widths = [4, 8], blocks-per-stage = 1";
        };
        return factory(name).create(config(name, keys), new TestContext(shape, 3, seed, 24));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("mlp", "dl4j", InputShape.vector(12)),
                Arguments.of("mlp", "dl4j", new InputShape(6, 6, 1)),
                Arguments.of("cnn", "dl4j", new InputShape(8, 8, 1)),
                Arguments.of("cnn", "dl4j", new InputShape(7, 5, 3)),
                Arguments.of("cnn", "dl4j", InputShape.vector(12)),
                Arguments.of("mlp", "native", InputShape.vector(12)),
                Arguments.of("mlp", "native", new InputShape(6, 6, 1)),
                Arguments.of("cnn", "native", new InputShape(8, 8, 1)),
                Arguments.of("cnn", "native", new InputShape(7, 5, 3)),
                Arguments.of("cnn", "native", InputShape.vector(12)),
                Arguments.of("preact-resnet", "native", new InputShape(8, 8, 1)),
                Arguments.of("preact-resnet", "native", new InputShape(7, 5, 3)));
    }

    /** The DL4J engine learns as well; its slow steps make two cases enough here. */
    static Stream<Arguments> learningCases() {
        return cases().filter(a -> a.get()[1].equals("native") || a.get()[2].equals(new InputShape(8, 8, 1))
                || a.get()[2].equals(InputShape.vector(12)) && a.get()[0].equals("mlp"));
    }

    @ParameterizedTest
    @MethodSource("learningCases")
    void learnsATinySeparableTaskAndOutputsProbabilities(String name, String engine, InputShape shape) {
        Batch batch = TinyTasks.batch(shape, 3, 24, 7);
        try (Network net = build(name, engine, shape, 42)) {
            TinyTasks.assertLearns(net, OptimizerSpec.sgd(0.9), batch, 0.1, 80, 5);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameSeedGivesIdenticalParametersAndOtherSeedDoesNot(String name, String engine, InputShape shape) {
        try (Network a = build(name, engine, shape, 5);
             Network b = build(name, engine, shape, 5);
             Network c = build(name, engine, shape, 6)) {
            assertThat(a.parameters().views()).isEqualTo(b.parameters().views());
            long count = 0;
            boolean differs = false;
            for (Map.Entry<String, INDArray> e : a.parameters().valueViews().entrySet()) {
                assertThat(e.getValue()).isEqualTo(b.parameters().value(e.getKey()));
                differs |= !e.getValue().equals(c.parameters().value(e.getKey()));
                count += e.getValue().length();
            }
            assertThat(differs).isTrue();
            assertThat(a.parameterCount()).isEqualTo(count).isEqualTo(a.parameters().length());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void savedStateAndOptimizerStateContinueTrainingIdentically(String name, String engine, InputShape shape,
                                                                @TempDir Path dir) throws Exception {
        Batch batch = TinyTasks.batch(shape, 3, 24, 3);
        Path file = dir.resolve("sub/net.bin");
        OptimizerSpec adam = OptimizerSpec.adam().withWeightDecay(1e-4);
        try (Network a = build(name, engine, shape, 1); Network b = build(name, engine, shape, 2)) {
            Optimizer oa = Optimizers.create(adam, a.parameters());
            TinyTasks.step(a, oa, batch, 0.01);
            TinyTasks.step(a, oa, batch, 0.01);
            NetworkState.save(a, file);
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files).containsExactly(file);
            }
            NetworkState.load(b, file);
            for (Map.Entry<String, INDArray> e : a.parameters().valueViews().entrySet()) {
                assertThat(b.parameters().value(e.getKey())).isEqualTo(e.getValue());
            }
            for (Map.Entry<String, INDArray> e : a.buffers().entrySet()) {
                assertThat(b.buffers().get(e.getKey())).isEqualTo(e.getValue());
            }
            // same parameters, buffers and optimizer state => the next step is identical too
            Optimizer ob = Optimizers.create(adam, b.parameters());
            ob.restoreState(oa.exportState());
            double la = TinyTasks.step(a, oa, batch, 0.01);
            double lb = TinyTasks.step(b, ob, batch, 0.01);
            assertThat(lb).isEqualTo(la);
            for (Map.Entry<String, INDArray> e : a.parameters().valueViews().entrySet()) {
                assertThat(b.parameters().value(e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void trainingIsBitwiseDeterministicForAFixedSeed(String name, String engine, InputShape shape) {
        Batch batch = TinyTasks.batch(shape, 3, 24, 9);
        OptimizerSpec opt = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8);
        try (Network a = build(name, engine, shape, 3); Network b = build(name, engine, shape, 3)) {
            Optimizer oa = Optimizers.create(opt, a.parameters());
            Optimizer ob = Optimizers.create(opt, b.parameters());
            for (int i = 0; i < 4; i++) {
                assertThat(TinyTasks.step(b, ob, batch, 0.05)).isEqualTo(TinyTasks.step(a, oa, batch, 0.05));
            }
            for (Map.Entry<String, INDArray> e : a.parameters().valueViews().entrySet()) {
                assertThat(b.parameters().value(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            for (Map.Entry<String, INDArray> e : a.buffers().entrySet()) {
                assertThat(b.buffers().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void partialBatchesTrainOnTheirOwnExamplesOnly(String name, String engine, InputShape shape) {
        Batch full = TinyTasks.batch(shape, 3, 24, 4);
        Batch small = TinyTasks.batch(shape, 3, 7, 4); // the same first 7 examples
        try (Network a = build(name, engine, shape, 8); Network b = build(name, engine, shape, 8)) {
            Optimizer oa = Optimizers.create(OptimizerSpec.sgd(0.5), a.parameters());
            Optimizer ob = Optimizers.create(OptimizerSpec.sgd(0.5), b.parameters());
            full.setSize(7);
            for (int i = 0; i < 2; i++) {
                double la = TinyTasks.step(a, oa, full, 0.05);
                double lb = TinyTasks.step(b, ob, small, 0.05);
                assertThat(la).isFinite().isCloseTo(lb, org.assertj.core.data.Offset.offset(1e-5));
            }
            float[] pa = new float[7 * 3];
            float[] pb = new float[7 * 3];
            a.predict(full, pa);
            b.predict(small, pb);
            for (int i = 0; i < pa.length; i++) {
                assertThat(pa[i]).isCloseTo(pb[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void loadRejectsAFileOfAnotherShapeNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.bin");
        try (Network a = build("mlp", "dl4j", InputShape.vector(12), 1);
             Network b = build("mlp", "dl4j", InputShape.vector(13), 1)) {
            NetworkState.save(a, file);
            assertThatThrownBy(() -> NetworkState.load(b, file)).isInstanceOf(java.io.IOException.class)
                    .hasMessage(file + ": parameters '0_W' has shape [12, 32] but this network's has shape [13, 32]");
        }
    }

    @Test
    void invalidKeysAreRejectedNamingTheKey() {
        TestContext ctx = new TestContext(InputShape.vector(4), 2, 1, 8);
        assertThatThrownBy(() -> new Mlp.Factory().create(config("mlp", "hidden = [0]"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("hidden");
        assertThatThrownBy(() -> new Mlp.Factory().create(config("mlp", "activation = swish"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("activation")
                .hasMessageContaining("swish");
        assertThatThrownBy(() -> new Cnn.Factory().create(config("cnn", "engine = gpu"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("engine");
        assertThatThrownBy(() -> new Cnn.Factory().create(config("cnn", "channels = []"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("channels");
        assertThatThrownBy(() -> factory("preact-resnet").create(config("preact-resnet", "blocks-per-stage = 0"), ctx))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("blocks-per-stage");
    }
}
