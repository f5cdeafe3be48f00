package io.deepbootstrap.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.testing.SoftmaxRegression;
import io.deepbootstrap.core.testing.SoftmaxWithRunningMean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class NetworkStateTest {
    @TempDir
    Path dir;

    private static Batch batch(int in, int k, long seed) {
        Batch b = new Batch(InputShape.vector(in), k, 16);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.capacity(); i++) {
            b.labels()[i] = r.nextInt(k);
        }
        b.setOneHotTargets();
        return b;
    }

    private static void train(Network net, int steps) {
        Optimizer o = Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters());
        for (int i = 0; i < steps; i++) {
            net.computeGradients(batch(4, 3, i));
            o.step(0.5);
        }
    }

    private static double[] values(INDArray a) {
        return a.dup('c').reshape(a.length()).toDoubleVector();
    }

    private static void assertSameState(Network a, Network b) {
        for (Map.Entry<String, INDArray> e : a.parameters().valueViews().entrySet()) {
            assertThat(values(b.parameters().value(e.getKey()))).as(e.getKey()).isEqualTo(values(e.getValue()));
        }
        for (Map.Entry<String, INDArray> e : a.buffers().entrySet()) {
            assertThat(values(b.buffers().get(e.getKey()))).as(e.getKey()).isEqualTo(values(e.getValue()));
        }
    }

    @Test
    void savedParametersAndBuffersLoadExactly() throws IOException {
        Path file = dir.resolve("sub/net.state");
        try (Network a = new SoftmaxWithRunningMean(4, 3, 1); Network b = new SoftmaxWithRunningMean(4, 3, 2)) {
            train(a, 5);
            assertThat(a.buffers().get("running-mean").sumNumber().doubleValue()).isNotZero();
            NetworkState.save(a, file);
            NetworkState.load(b, file);
            assertSameState(a, b);
            float[] pa = new float[16 * 3];
            float[] pb = new float[16 * 3];
            a.predict(batch(4, 3, 99), pa);
            b.predict(batch(4, 3, 99), pb);
            assertThat(pb).isEqualTo(pa);
        }
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("net.state");
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DBST");
    }

    @Test
    void copiesAreDetachedAndTransferSkipsTheHeadButCarriesBuffers() {
        try (Network source = new SoftmaxWithRunningMean(4, 3, 1); Network target = new SoftmaxWithRunningMean(4, 3, 7)) {
            train(source, 4);
            NetworkState copy = NetworkState.copyOf(source);
            double[] freshBias = values(target.parameters().value("b"));
            train(source, 1); // the copy must not follow
            NetworkState.Transferred t = copy.transferTo(target, target.headParameters());
            assertThat(t).isEqualTo(new NetworkState.Transferred(1, 2, 1, 1));
            assertThat(values(target.parameters().value("W"))).isEqualTo(values(copy.parameters().get("W")))
                    .isNotEqualTo(values(source.parameters().value("W")));
            assertThat(values(target.parameters().value("b"))).isEqualTo(freshBias);
            assertThat(values(target.buffers().get("running-mean")))
                    .isEqualTo(values(copy.buffers().get("running-mean")));
        }
    }

    @Test
    void mismatchingNetworkIsRefusedNamingTheFileAndArray() throws IOException {
        Path file = dir.resolve("small.state");
        try (Network a = new SoftmaxRegression(4, 3, 1); Network wide = new SoftmaxRegression(5, 3, 1);
             Network withBuffer = new SoftmaxWithRunningMean(4, 3, 1)) {
            NetworkState.save(a, file);
            assertThatThrownBy(() -> NetworkState.load(wide, file)).isInstanceOf(IOException.class)
                    .hasMessage(file + ": parameters 'W' has shape [4, 3] but this network's has shape [5, 3]");
            assertThatThrownBy(() -> NetworkState.load(withBuffer, file)).isInstanceOf(IOException.class)
                    .hasMessage(file + ": holds buffers [] but this network has [running-mean]");
        }
    }

    @Test
    void corruptTruncatedForeignAndMissingFilesAreErrorsNamingTheFile() throws IOException {
        Path file = dir.resolve("net.state");
        try (Network a = new SoftmaxRegression(4, 3, 1)) {
            NetworkState.save(a, file);
        }
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length - 20] ^= 1; // inside the last array's data
        Files.write(file, flipped);
        assertThatThrownBy(() -> NetworkState.read(file)).hasMessage(file + ": checksum mismatch (the file is corrupt)");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 12));
        assertThatThrownBy(() -> NetworkState.read(file)).hasMessage(file + ": truncated state file");

        StateFile.write(file, "optimizer", Map.of());
        assertThatThrownBy(() -> NetworkState.read(file)).hasMessage(file + ": holds a 'optimizer' state, expected a 'network' state");

        Files.writeString(file, "not a state file at all");
        assertThatThrownBy(() -> NetworkState.read(file)).hasMessage(file + ": not a Deep Bootstrap state file (bad magic number)");

        Path missing = dir.resolve("missing.state");
        assertThatThrownBy(() -> NetworkState.read(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void sectionsAndArraysKeepTheirOrderAndValues() throws IOException {
        Path file = dir.resolve("x.state");
        INDArray a = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {1.5f, -2f, 3e-8f, Float.MAX_VALUE}).reshape(2, 2);
        INDArray b = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {Math.PI, -0.0, 1e300});
        Map<String, Map<String, INDArray>> sections = new java.util.LinkedHashMap<>();
        sections.put("first", new java.util.LinkedHashMap<>(Map.of("a", a)));
        sections.put("second", Map.of("b", b));
        StateFile.write(file, "test", sections);
        Map<String, Map<String, INDArray>> read = StateFile.read(file, "test");
        assertThat(List.copyOf(read.keySet())).containsExactly("first", "second");
        assertThat(read.get("first").get("a").shape()).containsExactly(2, 2);
        assertThat(read.get("first").get("a").reshape(4).toFloatVector()).containsExactly(a.reshape(4).toFloatVector());
        assertThat(values(read.get("second").get("b"))).containsExactly(values(b));
    }
}
